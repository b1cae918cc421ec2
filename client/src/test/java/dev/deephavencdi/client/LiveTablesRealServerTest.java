package dev.deephavencdi.client;

/** {@link LiveTablesTest}, every test, against the real Deephaven server 0.40.7 (anonymous). */
@ServerUnderTest.OnRealServer
class LiveTablesRealServerTest extends LiveTablesTest {
}
