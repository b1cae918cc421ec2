package dev.deephavencdi.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import dev.deephavencdi.server.testing.StartedServer;
import dev.deephavencdi.testing.OfficialClient;
import dev.deephavencdi.testing.Poll;
import io.deephaven.client.impl.Session;
import io.deephaven.qst.table.TableSpec;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A client process killed with SIGKILL in the middle of a {@code DoGet} of 10M rows, or of a live subscription:
 * it never closes its session, so the session expires after the session duration and frees everything (exports,
 * the writer parked on the dead connection, the subscription); a session of another client is unaffected. Before
 * the kill, the {@code DoGet} client is a reader that stopped reading: the server's heap stays bounded meanwhile
 * (flow control: it does not serialize the 120 MB ahead of the reader).
 */
class KilledClientTest {
    @ParameterizedTest
    @ValueSource(strings = {"doget", "subscribe"})
    void aKilledClientsSessionExpiresAndFreesEverythingWhileOthersGoOn(String mode) throws Exception {
        try (StartedServer server = EmbeddedServerExtension.start(builder -> builder
                        .sessionDuration(Duration.ofSeconds(3)).updateCycle(Duration.ofMillis(100)));
                OfficialClient other = server.officialClient()) {
            Session bystander = other.newSession();
            var kept = bystander.execute(TableSpec.empty(5).update("X = i"));
            long heapBefore = MemoryBudgetTest.usedHeapAfterGc();

            Process client = new ProcessBuilder(new File(System.getProperty("java.home"), "bin/java").getPath(),
                    "--add-opens=java.base/java.nio=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    KilledClientMain.class.getName(), server.target(), server.authentication(), mode)
                    .redirectErrorStream(true).start();
            List<String> output = new ArrayList<>();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(client.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null && !line.equals("READY")) {
                    output.add(line);
                }
                assertThat(line).as("the client never got ready:%n%s", String.join("\n", output)).isEqualTo("READY");
                var during = server.stats();
                long heapDuring = MemoryBudgetTest.usedHeapAfterGc();
                System.out.printf("KilledClientTest %s: while the client runs: %s; heap used after GC %d MiB,"
                        + " %d MiB before it started%n", mode, during, heapDuring >> 20, heapBefore >> 20);
                assertThat(during.sessions()).isEqualTo(2);
                assertThat(heapDuring - heapBefore).as("heap held for the stalled client, bytes")
                        .isLessThan(64L << 20);

                client.destroyForcibly(); // SIGKILL: no close, no goodbye on the wire
                assertThat(client.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }

            Poll.until(Duration.ofSeconds(30), () -> server.stats().sessions() == 1
                            && server.stats().exports() == 1 && server.stats().subscriptions() == 0,
                    () -> "left after the kill: " + server.stats());
            System.out.printf("KilledClientTest %s: after expiry: %s; heap used after GC %d MiB%n", mode,
                    server.stats(), MemoryBudgetTest.usedHeapAfterGc() >> 20);
            // the other client never noticed
            assertThat(bystander.execute(TableSpec.empty(3).update("Y = i")).response().getSize()).isEqualTo(3);
            try (var rows = other.flight(bystander).stream(kept)) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getRoot().getRowCount()).isEqualTo(5);
            }
        }
    }
}
