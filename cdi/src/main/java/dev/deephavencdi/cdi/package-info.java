/**
 * Deephaven in CDI: what an application imports.
 *
 * <ul>
 *   <li>{@code @Inject Session session}: the application-scoped default session;
 *       {@code @Inject @SessionName("analytics") Session} a named one, configured under
 *       {@code deephaven.cdi.session."analytics".*};</li>
 *   <li>{@code @Inject @RequestSession Session}: a session that lives for the current request and is closed at its
 *       end, with every ticket it published ({@code @RequestSession("analytics")} for a named server);</li>
 *   <li>{@link dev.deephavencdi.cdi.Published @Published("name")} on a method returning a
 *       {@link dev.deephavencdi.client.Table} (or a {@code CompletionStage} of one): the result is published to a
 *       shared ticket and registered under the name in {@link dev.deephavencdi.cdi.PublishedTickets};</li>
 *   <li>{@link dev.deephavencdi.cdi.TablePublished} and {@link dev.deephavencdi.cdi.TableReleased}: CDI events;</li>
 *   <li>{@link dev.deephavencdi.cdi.DeephavenConnections}: each configured session name's server, whether it
 *       answers, and its connection's statistics, for health checks and metrics
 *       ({@code deephaven-cdi-observability} builds on it).</li>
 * </ul>
 *
 * With no host configured, sessions connect to an embedded Deephaven-compatible server started in-process, if the
 * application added one (artifact {@code deephaven-cdi-embedded}, found through
 * {@link dev.deephavencdi.cdi.spi.EmbeddedServerProvider}); without it, startup fails naming what to add. When
 * the container stops, every session it created is closed, so every ticket published through it is invalid.
 * Implementation lives in {@code dev.deephavencdi.cdi.impl}.
 */
package dev.deephavencdi.cdi;
