/**
 * The tests' embedded server, shipped as the server's test-jar (classifier {@code tests}) so the client, CDI,
 * integration-test, example and bench suites share it: {@link dev.deephavencdi.server.testing.EmbeddedServerExtension}
 * runs one for a test class, {@link dev.deephavencdi.server.testing.StartedServer} is one a test runs itself, and
 * both are a {@link dev.deephavencdi.server.testing.TestServer}: where it listens and the credentials every client
 * presents, decided in one place. It lives here rather than in test-support because the server's own tests use
 * test-support.
 */
package dev.deephavencdi.server.testing;
