package dev.deephavencdi.client;

/** {@link OfficialClientInteropTest}, every test, against the real Deephaven server 0.40.7 (anonymous). */
@ServerUnderTest.OnRealServer
class OfficialClientInteropRealServerTest extends OfficialClientInteropTest {
}
