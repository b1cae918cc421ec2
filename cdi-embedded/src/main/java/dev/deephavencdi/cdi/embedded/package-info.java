/**
 * The embedded Deephaven-compatible server as a provider of the CDI core
 * ({@link dev.deephavencdi.cdi.spi.EmbeddedServerProvider}): the artifact {@code deephaven-cdi-embedded}. The CDI
 * core never depends on the server; an application that adds this artifact gets the embedded default for sessions
 * without a host, one that leaves it out must configure a host.
 */
package dev.deephavencdi.cdi.embedded;
