package dev.deephavencdi.proto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProtocolTest {

    @Test
    void theVersionsComeFromTheBuildAndMatchTheDeephavenArtifactsOnTheClassPath() {
        assertThat(Protocol.DEEPHAVEN_VERSION).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(Protocol.BARRAGE_VERSION).matches("\\d+\\.\\d+\\.\\d+");
        // the generated Deephaven stubs this module depends on sit under their version in the repository
        String stubs = io.deephaven.proto.backplane.grpc.Ticket.class.getProtectionDomain().getCodeSource()
                .getLocation().toString();
        assertThat(stubs).contains("/" + Protocol.DEEPHAVEN_VERSION + "/");
    }
}
