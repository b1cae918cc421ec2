package dev.deephavencdi.server;

import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import dev.deephavencdi.server.testing.StartedServer;
import dev.deephavencdi.testing.OfficialClient;
import dev.deephavencdi.testing.Poll;
import static org.assertj.core.api.Assertions.assertThat;

import io.deephaven.client.impl.Session;
import io.deephaven.client.impl.SharedId;
import io.deephaven.client.impl.TableHandle;
import io.deephaven.qst.table.TableSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Many sessions publishing and fetching at once through the official client; nothing may leak afterwards. */
class ConcurrentSessionsTest {

    @Test
    void parallelPublishersAndReadersLeaveNothingBehind() throws Exception {
        try (StartedServer server = EmbeddedServerExtension.start();
                OfficialClient client = server.officialClient()) {
            int threads = 8;
            int rounds = 20;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<Long>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t;
                results.add(pool.submit(() -> {
                    Session publisher = client.newSession();
                    Session reader = client.newSession();
                    long checked = 0;
                    for (int round = 0; round < rounds; round++) {
                        long size = 10 + offset + round;
                        try (TableHandle table = publisher.execute(TableSpec.empty(size).update("X = i"))) {
                            SharedId ticket = SharedId.newRandom();
                            publisher.publish(ticket, table).get();
                            try (TableHandle copy = reader.execute(ticket.ticketId().table())) {
                                assertThat(copy.response().getSize()).isEqualTo(size);
                                checked++;
                            }
                        }
                    }
                    publisher.close();
                    reader.close();
                    return checked;
                }));
            }
            long checked = 0;
            for (Future<Long> result : results) {
                checked += result.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertThat(checked).isEqualTo((long) threads * rounds);
            Poll.until(Duration.ofSeconds(10), () -> server.stats().isEmpty(), () -> "leaked: " + server.stats());
        }
    }
}
