package dev.deephavencdi.bench;

import dev.deephavencdi.client.DeephavenClient;
import dev.deephavencdi.client.Session;
import dev.deephavencdi.client.Table;
import dev.deephavencdi.proto.SharedTicket;
import dev.deephavencdi.server.EmbeddedDeephavenServer;
import dev.deephavencdi.server.ServerStats;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Goal "memory": the heap one published 1M-row ticket holds, and one idle session. Client and embedded server share
 * this JVM, so each figure is both sides together. Heap is measured as used heap after full collections (repeated
 * until it stops falling), before and after {@code tickets} tables of 1,000,000 rows ({@code X = i}, an {@code int},
 * and {@code Y = ii * 2}, a {@code long}: 12 MB of column data) are created and published from one session, and
 * before and after {@code sessions} sessions are opened and left idle.
 *
 * <pre>
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -Xmx2g -cp bench/target/deephaven-cdi-bench.jar \
 *     dev.deephavencdi.bench.MemoryFootprint 10 500
 * </pre>
 */
public final class MemoryFootprint {
    static final long TICKET_ROWS = 1_000_000;

    private MemoryFootprint() {}

    /**
     * What one run measured.
     *
     * @param bytesPerTicket heap per published 1M-row ticket (table and ticket, client and server)
     * @param bytesPerSession heap per idle session (client and server)
     */
    public record Result(int tickets, long bytesPerTicket, int sessions, long bytesPerSession) {
        @Override
        public String toString() {
            return String.format("heap per published %,d-row ticket (2 columns, 12 MB of column data): %.1f MiB"
                    + " (%d tickets); heap per idle session: %.1f KiB (%d sessions); client and server in one JVM",
                    TICKET_ROWS, bytesPerTicket / 1048576.0, tickets, bytesPerSession / 1024.0, sessions);
        }
    }

    public static void main(String[] args) throws Exception {
        int tickets = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int sessions = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        try (EmbeddedDeephavenServer server = EmbeddedDeephavenServer.builder().port(0).anonymousAccess().start()) {
            System.out.println(run(server, tickets, sessions));
        }
        System.exit(0);
    }

    public static Result run(EmbeddedDeephavenServer server, int tickets, int sessions) throws Exception {
        try (DeephavenClient client = DeephavenClient.builder().target(server.target())
                .authentication(server.authentication()).build()) {
            Session publisher = client.newSession();
            // warm every path once, so that class loading and first-use caches are not counted
            Table warm = publisher.emptyTable(10).update("X = i", "Y = ii * 2");
            publisher.publishTable(SharedTicket.random(), warm);
            client.newSession().close();
            awaitStats(server, 1, 1);

            long beforeTickets = settledHeap();
            List<Table> held = new ArrayList<>();
            for (int t = 0; t < tickets; t++) {
                Table table = publisher.emptyTable(TICKET_ROWS).update("X = i", "Y = ii * 2");
                publisher.publishTable(SharedTicket.random(), table);
                held.add(table);
            }
            long afterTickets = settledHeap();

            List<Session> idle = new ArrayList<>();
            for (int s = 0; s < sessions; s++) {
                idle.add(client.newSession());
            }
            awaitStats(server, 1 + sessions, 1 + tickets);
            long afterSessions = settledHeap();

            Result result = new Result(tickets, (afterTickets - beforeTickets) / Math.max(1, tickets), sessions,
                    (afterSessions - afterTickets) / Math.max(1, sessions));
            idle.forEach(Session::close);
            held.forEach(Table::close);
            warm.close();
            publisher.close();
            return result;
        }
    }

    /** Used heap after full collections, repeated until it no longer falls by more than 1%. */
    static long settledHeap() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int round = 0; round < 10; round++) {
            System.gc();
            Thread.sleep(100);
            long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (now > used * 0.99) {
                return Math.min(now, used);
            }
            used = now;
        }
        return used;
    }

    private static void awaitStats(EmbeddedDeephavenServer server, int sessions, int tickets)
            throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        ServerStats stats = server.stats();
        while ((stats.sessions() != sessions || stats.sharedTickets() != tickets) && System.nanoTime() < deadline) {
            Thread.sleep(10);
            stats = server.stats();
        }
        if (stats.sessions() != sessions || stats.sharedTickets() != tickets) {
            throw new IllegalStateException("the server holds " + stats + ", expected " + sessions + " sessions and "
                    + tickets + " tickets");
        }
    }
}
