/**
 * Implementation of the CDI integration; not API.
 *
 * <ul>
 *   <li>{@link dev.deephavencdi.cdi.impl.DeephavenSessions}: owns the connections, sessions and the embedded server,
 *       and closes them all at shutdown; the embedded server comes from an
 *       {@link dev.deephavencdi.cdi.spi.EmbeddedServerProvider} that
 *       {@link dev.deephavencdi.cdi.impl.EmbeddedServerLookup} finds on the class path (none: every session needs a
 *       host);</li>
 *   <li>{@link dev.deephavencdi.cdi.impl.SessionProducers} and {@link dev.deephavencdi.cdi.impl.SessionsExtension}:
 *       the default session beans (producers) and the named ones (synthetic beans of a build compatible
 *       extension, so the same jar works on Weld and Quarkus ArC);</li>
 *   <li>{@link dev.deephavencdi.cdi.impl.PublishedInterceptor} and
 *       {@link dev.deephavencdi.cdi.impl.PublishedTicketsRegistry}: {@code @Published};</li>
 *   <li>{@link dev.deephavencdi.cdi.impl.DeephavenConfiguration}: the {@code deephaven.cdi.*} keys, read and
 *       validated from MicroProfile Config.</li>
 * </ul>
 */
package dev.deephavencdi.cdi.impl;
