package dev.deephavencdi.client;

/** {@link SeedFlowTest}, every test, against the real Deephaven server 0.40.7 (anonymous). */
@ServerUnderTest.OnRealServer
class SeedFlowRealServerTest extends SeedFlowTest {
}
