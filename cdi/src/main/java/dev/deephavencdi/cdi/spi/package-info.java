/**
 * The service-provider interface through which the CDI core finds an embedded Deephaven server:
 * {@link dev.deephavencdi.cdi.spi.EmbeddedServerProvider}, implemented by the {@code deephaven-cdi-embedded} artifact.
 * Applications do not call it; they add (or leave out) a provider.
 */
package dev.deephavencdi.cdi.spi;
