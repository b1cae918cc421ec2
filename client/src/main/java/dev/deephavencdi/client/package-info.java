/**
 * A small Java API for Deephaven servers, shaped like pydeephaven: {@link dev.deephavencdi.client.Session},
 * {@link dev.deephavencdi.client.Table} and {@code publishTable}/{@code fetchTable} with the project's
 * {@link dev.deephavencdi.proto.SharedTicket}. It runs over the official Deephaven Java client and works against
 * the embedded server and a real Deephaven server alike.
 *
 * <pre>{@code
 * try (Session session = Session.connect("localhost", 10000)) {
 *     Table t = session.emptyTable(1000).update("X = i", "Y = 2*i");
 *     SharedTicket ticket = SharedTicket.random();
 *     session.publishTable(ticket, t);
 *     try (Session other = Session.connect("localhost", 10000)) {
 *         Table t2 = other.fetchTable(ticket);
 *     }
 * } // the ticket stays valid until t is closed, garbage-collected, or its session closes
 * }</pre>
 *
 * <p>Live tables: {@link dev.deephavencdi.client.Table#subscribe(dev.deephavencdi.client.TableListener)} and
 * {@link dev.deephavencdi.client.Table#updates()} deliver a ticking table's changes
 * ({@link dev.deephavencdi.client.TableUpdate}) over Barrage, and
 * {@link dev.deephavencdi.client.Table#snapshot()} reads a consistent snapshot; they run the official Barrage
 * client, which keeps its copy of the table on a Deephaven engine inside the client JVM.
 *
 * <p>Entry points: {@link dev.deephavencdi.client.Session#connect(String, int)} and
 * {@link dev.deephavencdi.client.Session#builder()} for a session with its own connection;
 * {@link dev.deephavencdi.client.DeephavenClient} for many sessions over one connection. Every failure is an
 * unchecked {@link dev.deephavencdi.client.DeephavenException} carrying the gRPC status code. All types are
 * thread-safe unless their javadoc says otherwise (the builders). Reading rows needs the JVM option
 * {@code --add-opens=java.base/java.nio=ALL-UNNAMED} (Arrow Java on JDK 17+).
 */
package dev.deephavencdi.client;
