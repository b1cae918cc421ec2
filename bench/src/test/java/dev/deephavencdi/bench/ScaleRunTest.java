package dev.deephavencdi.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deephavencdi.server.EmbeddedDeephavenServer;
import dev.deephavencdi.server.ServerStats;
import org.junit.jupiter.api.Test;

/** The scale scenario at 50 sessions x 10 tickets: everything published is counted, and all of it is freed. */
class ScaleRunTest {

    @Test
    void fiftySessionsWithTenPublishedTicketsEachLeaveNothingAfterClosing() throws Exception {
        try (EmbeddedDeephavenServer server = EmbeddedDeephavenServer.builder().port(0).anonymousAccess().start()) {
            ScaleRun.Result result = ScaleRun.run(server, 50, 10, 4);
            System.out.println(result);
            assertThat(result.atPeak()).isEqualTo(new ServerStats(50, 500, 500));
            assertThat(result.afterClose().isEmpty()).isTrue();
            assertThat(result.peakHeapBytes()).isPositive();
            assertThat(server.stats().isEmpty()).isTrue();
        }
    }
}
