package dev.deephavencdi.server.reliability;

import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import dev.deephavencdi.server.testing.StartedServer;
import dev.deephavencdi.server.testing.TestServer;
import dev.deephavencdi.testing.Poll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deephavencdi.proto.SharedTicket;
import dev.deephavencdi.server.RawClient;
import io.deephaven.proto.backplane.grpc.ConfigurationConstantsRequest;
import io.deephaven.proto.backplane.grpc.EmptyTableRequest;
import io.deephaven.proto.backplane.grpc.ExportRequest;
import io.deephaven.proto.backplane.grpc.HandshakeRequest;
import io.deephaven.proto.backplane.grpc.PublishRequest;
import io.deephaven.proto.backplane.grpc.ReleaseRequest;
import io.deephaven.proto.backplane.grpc.SelectOrUpdateRequest;
import io.deephaven.proto.backplane.grpc.TableReference;
import io.deephaven.proto.backplane.grpc.Ticket;
import io.grpc.Status.Code;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * 64 concurrent sessions over the raw stubs doing random publish / fetch / DoGet / release / close, each call with
 * a 10 s deadline. Afterwards the server holds nothing, every failure had a code the scenario can legitimately
 * produce, and a fresh session still works.
 *
 * <p>Small in the normal build ({@code soak.opsPerSession}, default 20, i.e. 1,280 operations); the {@code soak}
 * profile runs 1,000 per session (64,000). The seed is printed; rerun one with {@code -Dsoak.seed=N}.
 */
class SoakTest {
    private static final int SESSIONS = 64;
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    /** Fetching a released ticket, using a released export, a taken ticket, a closed session's token. */
    private static final Set<Code> EXPECTED = EnumSet.of(Code.NOT_FOUND, Code.FAILED_PRECONDITION,
            Code.ALREADY_EXISTS, Code.UNAUTHENTICATED);

    private final Map<SharedTicket, Boolean> published = new ConcurrentHashMap<>();
    private final List<SharedTicket> publishedList = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
    private final List<String> unexpected = new CopyOnWriteArrayList<>();

    @Test
    void concurrentSessionsDoingRandomWorkLeaveNothingBehindAndFailOnlyAsExpected() throws Exception {
        int opsPerSession = Integer.getInteger("soak.opsPerSession", 20);
        long seed = Long.getLong("soak.seed", System.nanoTime());
        System.out.printf("SoakTest: %d sessions x %d operations, seed %d (-Dsoak.seed=%d to repeat)%n", SESSIONS,
                opsPerSession, seed, seed);
        long start = System.nanoTime();
        try (StartedServer server = EmbeddedServerExtension.start()) {
            ExecutorService pool = Executors.newFixedThreadPool(SESSIONS);
            List<Future<?>> workers = new ArrayList<>();
            for (int s = 0; s < SESSIONS; s++) {
                Random random = new Random(seed + s);
                workers.add(pool.submit(() -> {
                    work(server, random, opsPerSession);
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(10, TimeUnit.MINUTES);
            }
            pool.shutdown();

            Poll.until(Duration.ofSeconds(10), () -> server.stats().isEmpty(), () -> "left: " + server.stats());
            assertThat(unexpected).as("failures with unexpected status codes").isEmpty();
            assertFreshSessionWorks(server);
        }
        System.out.printf("SoakTest: %d operations in %.1f s; outcomes %s%n", SESSIONS * opsPerSession,
                (System.nanoTime() - start) / 1e9, new TreeMap<>(outcomes));
    }

    /** One session's random walk; reopens a session after closing one. */
    private void work(TestServer server, Random random, int ops) throws Exception {
        try (RawClient client = new RawClient(server)) {
            client.login();
            List<Ticket> live = new ArrayList<>();
            List<Ticket> released = new ArrayList<>();
            for (int op = 0; op < ops; op++) {
                int dice = random.nextInt(100);
                if (dice < 20 || live.isEmpty()) {
                    Ticket table = client.nextExport();
                    if (call("create", () -> client.tables().withDeadlineAfter(10, TimeUnit.SECONDS).emptyTable(
                            EmptyTableRequest.newBuilder().setResultId(table).setSize(1 + random.nextInt(100))
                                    .build()))) {
                        live.add(table);
                    }
                } else if (dice < 35) {
                    boolean reuse = random.nextInt(10) == 0 && !publishedList.isEmpty();
                    SharedTicket shared = reuse ? pick(random, publishedList) : SharedTicket.random();
                    Ticket source = random.nextInt(10) == 0 && !released.isEmpty() ? pick(random, released)
                            : pick(random, live);
                    if (call(reuse ? "publish-taken" : "publish", () -> client.sessions()
                            .withDeadlineAfter(10, TimeUnit.SECONDS).publishFromTicket(PublishRequest.newBuilder()
                                    .setSourceId(source).setResultId(shared.toProto()).build()))
                            && published.putIfAbsent(shared, true) == null) {
                        publishedList.add(shared);
                    }
                } else if (dice < 50 && !publishedList.isEmpty()) {
                    Ticket copy = client.nextExport();
                    SharedTicket shared = pickRecent(random, publishedList);
                    if (call("fetch", () -> client.sessions().withDeadlineAfter(10, TimeUnit.SECONDS)
                            .exportFromTicket(ExportRequest.newBuilder().setSourceId(shared.toProto())
                                    .setResultId(copy).build()))) {
                        live.add(copy);
                    }
                } else if (dice < 62) {
                    Ticket ticket = random.nextBoolean() || publishedList.isEmpty() ? pick(random, live)
                            : pickRecent(random, publishedList).toProto();
                    call("doget", () -> client.doGetMessages(ticket, DEADLINE));
                } else if (dice < 67 && !live.isEmpty()) {
                    Ticket source = pick(random, live);
                    Ticket derived = client.nextExport();
                    if (call("update", () -> client.tables().withDeadlineAfter(10, TimeUnit.SECONDS).update(
                            SelectOrUpdateRequest.newBuilder().setResultId(derived)
                                    .setSourceId(TableReference.newBuilder().setTicket(source))
                                    .addColumnSpecs("X = i").build()))) {
                        live.add(derived);
                    }
                } else if (dice < 85) {
                    Ticket ticket = pick(random, live);
                    if (call("release", () -> client.sessions().withDeadlineAfter(10, TimeUnit.SECONDS)
                            .release(ReleaseRequest.newBuilder().setId(ticket).build()))) {
                        live.remove(ticket);
                        released.add(ticket);
                    }
                } else if (dice < 95 && !released.isEmpty()) {
                    Ticket ticket = pick(random, released);
                    call("use-released", () -> client.tables().withDeadlineAfter(10, TimeUnit.SECONDS)
                            .getExportedTableCreationResponse(ticket));
                } else {
                    call("close", () -> client.sessions().withDeadlineAfter(10, TimeUnit.SECONDS)
                            .closeSession(HandshakeRequest.getDefaultInstance()));
                    call("after-close", () -> client.config().withDeadlineAfter(10, TimeUnit.SECONDS)
                            .getConfigurationConstants(ConfigurationConstantsRequest.getDefaultInstance()));
                    client.resetAuthorization();
                    client.login();
                    live.clear();
                    released.clear();
                }
            }
            call("close", () -> client.sessions().withDeadlineAfter(10, TimeUnit.SECONDS)
                    .closeSession(HandshakeRequest.getDefaultInstance()));
        }
    }

    /** @return whether the call succeeded; a failure is counted, and recorded if its code is not expected */
    private boolean call(String operation, Runnable call) {
        try {
            call.run();
            count(operation + " ok");
            return true;
        } catch (StatusRuntimeException e) {
            Code code = e.getStatus().getCode();
            count(operation + " " + code);
            if (!EXPECTED.contains(code)) {
                unexpected.add(operation + ": " + e.getStatus());
            }
            return false;
        }
    }

    private void count(String outcome) {
        outcomes.computeIfAbsent(outcome, key -> new AtomicLong()).incrementAndGet();
    }

    private static <T> T pick(Random random, List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    /** Mostly one of the last 128 published (likely still live), sometimes any (likely released). */
    private static <T> T pickRecent(Random random, List<T> items) {
        int size = items.size();
        if (size <= 128 || random.nextInt(4) == 0) {
            return pick(random, items);
        }
        return items.get(size - 1 - random.nextInt(128));
    }

    static void assertFreshSessionWorks(TestServer server) throws Exception {
        try (RawClient fresh = new RawClient(server)) {
            fresh.login();
            Ticket empty = fresh.nextExport();
            fresh.tables().emptyTable(EmptyTableRequest.newBuilder().setResultId(empty).setSize(10).build());
            Ticket table = fresh.nextExport();
            var response = fresh.tables().update(SelectOrUpdateRequest.newBuilder().setResultId(table)
                    .setSourceId(TableReference.newBuilder().setTicket(empty)).addColumnSpecs("X=i").build());
            assertThat(response.getSuccess()).isTrue();
            assertThat(response.getSize()).isEqualTo(10);
            assertThat(fresh.doGet(table)).hasSize(10);
            fresh.sessions().closeSession(HandshakeRequest.getDefaultInstance());
        }
        Poll.until(Duration.ofSeconds(10), () -> server.stats().isEmpty(), () -> "left: " + server.stats());
    }
}
