/**
 * The Jakarta SE example: deephaven-cdi on Weld SE and Jersey, no application server and no Quarkus.
 *
 * <ul>
 *   <li>{@link dev.deephavencdi.examples.jakartase.MarketTables} is what an application writes: a CDI bean with an
 *       injected {@code Session} whose {@code @Published} methods publish tables to shared tickets.</li>
 *   <li>{@link dev.deephavencdi.examples.jakartase.ExampleApplication} registers the library's ticket endpoints
 *       explicitly ({@code DeephavenRest.classes()}).</li>
 *   <li>{@link dev.deephavencdi.examples.jakartase.JakartaSeExample} starts Weld SE, publishes, then starts the
 *       HTTP server with the standard Jakarta REST {@code SeBootstrap} API.</li>
 * </ul>
 */
package dev.deephavencdi.examples.jakartase;
