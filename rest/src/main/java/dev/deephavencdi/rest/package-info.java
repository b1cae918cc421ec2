/**
 * Opt-in JAX-RS endpoints that hand published tickets to other clients (Python, JavaScript, Java):
 *
 * <ul>
 *   <li>{@code GET /deephaven/tickets}: the live published tables, with their tickets and the server to fetch from;</li>
 *   <li>{@code GET /deephaven/tickets/{name}}: one of them ({@code 404} unknown, {@code 410} released);</li>
 *   <li>{@code GET /deephaven/tickets/{name}/rows?limit=N}: a JSON preview of the first rows;</li>
 *   <li>{@code GET /deephaven/tickets/{name}/arrow}: the whole table as an Arrow IPC stream;</li>
 *   <li>{@code GET /deephaven/tickets/{name}/updates}: a live view as server-sent events;</li>
 *   <li>{@code GET /deephaven/live}: a browser page that lists the tables and shows one live over those events
 *   ({@link dev.deephavencdi.rest.LiveViewPage}).</li>
 * </ul>
 *
 * How a request flows: {@link dev.deephavencdi.rest.TicketsResource} looks the name up in
 * {@link dev.deephavencdi.cdi.PublishedTickets} (unknown: {@code 404}; released: {@code 410}), then reads the
 * published {@link dev.deephavencdi.client.Table} through the client ({@code readRows}, {@code openArrowStream},
 * a live subscription for {@code /updates} in {@code LiveViewStream}) and maps the rows to
 * JSON ({@code TicketViews}, {@code JsonValues}). Errors are RFC 9457
 * problem documents ({@code application/problem+json}, built by {@code Problems}); a client
 * failure mid-request becomes one in {@link dev.deephavencdi.rest.DeephavenExceptionMapper}. The module owns its
 * configuration keys, {@code deephaven.cdi.rest.*}, validated at startup ({@code RestConfiguration}).
 *
 * <p>Adding this artifact is the opt-in: Quarkus discovers the resource and the mapper through the artifact's
 * {@code beans.xml}; other JAX-RS runtimes register {@link dev.deephavencdi.rest.DeephavenRest#classes()} from their
 * {@code Application}.
 */
package dev.deephavencdi.rest;
