package dev.deephavencdi.bench;

import dev.deephavencdi.client.DeephavenClient;
import dev.deephavencdi.client.Session;
import dev.deephavencdi.client.Table;
import dev.deephavencdi.proto.SharedTicket;
import dev.deephavencdi.server.EmbeddedDeephavenServer;
import dev.deephavencdi.server.ServerStats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Goal 6: many sessions holding many published tickets at once, then all closed. Opens {@code sessions} sessions
 * of our client API over one {@link DeephavenClient}, each creating {@code tickets} tables and publishing each to
 * its own {@link SharedTicket}; checks the server holds exactly that, fetches one ticket from another session, then
 * closes every session and requires the server to hold nothing: 0 sessions, 0 exports, 0 shared tickets.
 * Client and server share this JVM, so the peak heap covers both.
 *
 * <pre>
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -cp bench/target/deephaven-cdi-bench.jar \
 *     dev.deephavencdi.bench.ScaleRun 1000 10
 * </pre>
 */
public final class ScaleRun {
    private ScaleRun() {}

    /**
     * What one run measured.
     *
     * @param openAndPublishNanos opening every session and publishing every ticket
     * @param closeNanos closing every session until the server held nothing
     * @param peakHeapBytes the peak of used heap during the run (client and server)
     * @param atPeak what the server held with every session open
     * @param afterClose what the server held after every session closed
     */
    public record Result(int sessions, int ticketsPerSession, long openAndPublishNanos, long closeNanos,
            long peakHeapBytes, ServerStats atPeak, ServerStats afterClose) {

        @Override
        public String toString() {
            return String.format("%d sessions x %d published tickets: open+publish %.2f s, close all %.2f s,"
                    + " total %.2f s; server at peak %s, after close %s; peak heap %d MiB (client + server)",
                    sessions, ticketsPerSession, openAndPublishNanos / 1e9, closeNanos / 1e9,
                    (openAndPublishNanos + closeNanos) / 1e9, atPeak, afterClose, peakHeapBytes >> 20);
        }
    }

    public static void main(String[] args) throws Exception {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int tickets = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        try (EmbeddedDeephavenServer server = EmbeddedDeephavenServer.builder().port(0).start()) {
            Result result = run(server, sessions, tickets, threads);
            System.out.println(result);
        }
        System.exit(0);
    }

    /** One session's tables, kept reachable so the Cleaner does not release them while the run holds them. */
    private record Held(Session session, List<Table> tables, List<SharedTicket> tickets) {}

    /**
     * Runs the scenario against a server that holds nothing yet.
     *
     * @throws IllegalStateException if the server holds other than expected, at peak or after close
     */
    public static Result run(EmbeddedDeephavenServer server, int sessions, int tickets, int threads)
            throws Exception {
        if (!server.stats().isEmpty()) {
            throw new IllegalStateException("the server must start empty, holds " + server.stats());
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (HeapWatcher heap = new HeapWatcher();
                DeephavenClient client = DeephavenClient.builder().target(server.target())
                        .authentication(server.authentication()).build()) {
            long start = System.nanoTime();
            List<Future<Held>> opening = new ArrayList<>();
            for (int s = 0; s < sessions; s++) {
                opening.add(pool.submit(() -> openAndPublish(client, tickets)));
            }
            List<Held> held = new ArrayList<>();
            for (Future<Held> future : opening) {
                held.add(future.get(10, TimeUnit.MINUTES));
            }
            long opened = System.nanoTime();
            ServerStats atPeak = server.stats();
            ServerStats expected = new ServerStats(sessions, (long) sessions * tickets, sessions * tickets);
            if (!atPeak.equals(expected)) {
                throw new IllegalStateException("with every session open the server holds " + atPeak
                        + ", expected " + expected);
            }
            // left to the session's close to release (a Release racing the CloseSession is only refused)
            Table fetched = held.get(0).session().fetchTable(held.get(held.size() - 1).tickets().get(0));
            if (fetched.size() != 10) {
                throw new IllegalStateException("a fetched table has " + fetched.size() + " rows, expected 10");
            }
            held.get(0).tables().add(fetched);

            long closing = System.nanoTime();
            List<Future<?>> closes = new ArrayList<>();
            for (Held h : held) {
                closes.add(pool.submit(h.session()::close));
            }
            for (Future<?> future : closes) {
                future.get(10, TimeUnit.MINUTES);
            }
            ServerStats afterClose = awaitEmpty(server);
            long closed = System.nanoTime();
            if (afterClose.exports() != 0 || afterClose.sharedTickets() != 0 || afterClose.sessions() != 0) {
                throw new IllegalStateException("after every session closed the server still holds " + afterClose);
            }
            held.clear();
            return new Result(sessions, tickets, opened - start, closed - closing, heap.peakBytes(), atPeak,
                    afterClose);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Held openAndPublish(DeephavenClient client, int tickets) {
        Session session = client.newSession();
        List<Table> tables = new ArrayList<>(tickets);
        List<SharedTicket> shared = new ArrayList<>(tickets);
        for (int t = 0; t < tickets; t++) {
            Table table = session.emptyTable(10);
            SharedTicket ticket = SharedTicket.random();
            session.publishTable(ticket, table);
            tables.add(table);
            shared.add(ticket);
        }
        return new Held(session, tables, shared);
    }

    /** The official client may return from close before the server has answered; wait (bounded) for it. */
    private static ServerStats awaitEmpty(EmbeddedDeephavenServer server) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        ServerStats stats = server.stats();
        while (!stats.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
            stats = server.stats();
        }
        return stats;
    }
}
