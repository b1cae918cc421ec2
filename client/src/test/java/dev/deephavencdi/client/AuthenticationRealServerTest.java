package dev.deephavencdi.client;

/** {@link AuthenticationTest}, every test, against the real Deephaven server 0.40.7 requiring a pre-shared key. */
@ServerUnderTest.OnRealServer(preSharedKey = true)
class AuthenticationRealServerTest extends AuthenticationTest {
}
