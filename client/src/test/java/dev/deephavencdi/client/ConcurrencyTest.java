package dev.deephavencdi.client;

import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import dev.deephavencdi.testing.Poll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deephavencdi.proto.SharedTicket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many threads publishing, fetching, reading and closing at once, through one shared session and through several
 * sessions; once everything is closed the server holds nothing.
 */
class ConcurrencyTest {
    private static final int THREADS = 8;
    private static final int ITERATIONS = 25;

    @RegisterExtension
    static final EmbeddedServerExtension server = EmbeddedServerExtension.create();
    private static DeephavenClient client;

    @BeforeAll
    static void start() {
        client = TestSessions.client(server);
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    @Test
    void manyThreadsShareOneSessionForPublishFetchReadAndClose() throws Exception {
        try (Session shared = client.newSession()) {
            runConcurrently(thread -> shared, thread -> shared);
        }
        awaitServerEmpty();
    }

    @Test
    void manyThreadsPublishAndFetchAcrossSeveralSessions() throws Exception {
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sessions.add(client.newSession());
        }
        try {
            runConcurrently(thread -> sessions.get(thread % 4), thread -> sessions.get((thread + 1) % 4));
        } finally {
            sessions.forEach(Session::close);
        }
        awaitServerEmpty();
    }

    @Test
    void closingTheSessionWhileThreadsUseItLeavesNothingBehind() throws Exception {
        Session doomed = client.newSession();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        AtomicInteger published = new AtomicInteger();
        List<Future<?>> work = new ArrayList<>();
        for (int thread = 0; thread < THREADS; thread++) {
            work.add(pool.submit(() -> {
                try {
                    while (true) {
                        doomed.publishTable(SharedTicket.random(), doomed.emptyTable(5).update("X = i"));
                        published.incrementAndGet();
                    }
                } catch (SessionClosedException | TableReleasedException expected) {
                    return null; // the only ways a use can fail once the session closes under it
                }
            }));
        }
        Poll.until(Duration.ofSeconds(20), () -> published.get() >= THREADS, () -> "threads did not get going");
        doomed.close();
        for (Future<?> done : work) {
            done.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        awaitServerEmpty();
    }

    private interface SessionChoice {
        Session forThread(int thread);
    }

    private static void runConcurrently(SessionChoice publishers, SessionChoice subscribers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Long>> results = new ArrayList<>();
            for (int thread = 0; thread < THREADS; thread++) {
                int id = thread;
                results.add(pool.submit(() -> {
                    go.await();
                    long rowsRead = 0;
                    for (int i = 0; i < ITERATIONS; i++) {
                        rowsRead += publishFetchReadClose(publishers.forThread(id), subscribers.forThread(id), i);
                    }
                    return rowsRead;
                }));
            }
            go.countDown();
            long expectedPerThread = (long) ITERATIONS * (ITERATIONS + 1) / 2;
            for (Future<Long> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(expectedPerThread);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** @return the rows the subscriber read: {@code iteration + 1} */
    private static long publishFetchReadClose(Session publisher, Session subscriber, int iteration) {
        Table table = publisher.emptyTable(iteration + 1).update("X = i");
        SharedTicket ticket = SharedTicket.random();
        publisher.publishTable(ticket, table);
        try (Table fetched = subscriber.fetchTable(ticket)) {
            int rows = fetched.readRows(1000).size();
            table.close();
            return rows;
        }
    }

    private static void awaitServerEmpty() {
        Poll.until(Duration.ofSeconds(20), () -> server.stats().isEmpty(), () -> "server holds " + server.stats());
    }
}
