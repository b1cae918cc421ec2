package dev.deephavencdi.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deephavencdi.server.ServerStats;
import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import dev.deephavencdi.server.testing.StartedServer;
import org.junit.jupiter.api.Test;

/** The scale scenario at 50 sessions x 10 tickets: everything published is counted, and all of it is freed. */
class ScaleRunTest {

    @Test
    void fiftySessionsWithTenPublishedTicketsEachLeaveNothingAfterClosing() throws Exception {
        try (StartedServer server = EmbeddedServerExtension.start()) {
            ScaleRun.Result result = ScaleRun.run(server.embedded(), 50, 10, 4);
            System.out.println(result);
            assertThat(result.atPeak()).isEqualTo(new ServerStats(50, 500, 500));
            assertThat(result.afterClose().isEmpty()).isTrue();
            assertThat(result.peakHeapBytes()).isPositive();
            assertThat(server.stats().isEmpty()).isTrue();
        }
    }
}
