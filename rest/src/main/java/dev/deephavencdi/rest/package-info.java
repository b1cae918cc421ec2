/**
 * Opt-in JAX-RS endpoints that hand published tickets to other clients (Python, JavaScript, Java):
 *
 * <ul>
 *   <li>{@code GET /deephaven/tickets}: the live published tables, with their tickets and the server to fetch from;</li>
 *   <li>{@code GET /deephaven/tickets/{name}}: one of them ({@code 404} unknown, {@code 410} released);</li>
 *   <li>{@code GET /deephaven/tickets/{name}/rows?limit=N}: a JSON preview of the first rows;</li>
 *   <li>{@code GET /deephaven/tickets/{name}/arrow}: the whole table as an Arrow IPC stream.</li>
 * </ul>
 *
 * Errors are RFC 9457 problem documents ({@code application/problem+json}). Adding this artifact is the opt-in:
 * Quarkus discovers the resource through the artifact's {@code beans.xml}; other JAX-RS runtimes register
 * {@link dev.deephavencdi.rest.DeephavenRest#classes()} from their {@code Application}.
 */
package dev.deephavencdi.rest;
