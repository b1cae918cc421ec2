package dev.deephavencdi.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deephavencdi.proto.Protocol;
import org.junit.jupiter.api.Test;

/** The versions the server reports come from one place and match the Deephaven artifacts it runs on. */
class ProtocolVersionsTest {

    @Test
    void theReportedVersionsAreThoseOfTheEngineAndBarrageJarsOnTheClassPath() {
        assertThat(jarOf(io.deephaven.engine.table.Table.class)).contains("/" + Protocol.DEEPHAVEN_VERSION + "/");
        assertThat(jarOf(io.deephaven.barrage.flatbuf.BarrageMessageWrapper.class))
                .contains("/" + Protocol.BARRAGE_VERSION + "/");
    }

    private static String jarOf(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation().toString();
    }
}
