package dev.deephavencdi.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

class ExportTicketTest {

    @Test
    void encodesIdAsLittleEndianInt32AfterRouteByte() {
        assertThat(new ExportTicket(1).toByteString().toByteArray()).containsExactly('e', 1, 0, 0, 0);
        assertThat(new ExportTicket(0x01020304).toByteString().toByteArray()).containsExactly('e', 4, 3, 2, 1);
        assertThat(new ExportTicket(-1).toByteString().toByteArray())
                .containsExactly('e', 0xff, 0xff, 0xff, 0xff);
    }

    @Test
    void roundTripsThroughBytes() {
        for (int id : new int[] {1, 2, 255, 256, Integer.MAX_VALUE, 0, -7, Integer.MIN_VALUE}) {
            ExportTicket ticket = new ExportTicket(id);
            assertThat(ExportTicket.parse(ticket.toByteString())).isEqualTo(ticket);
            assertThat(WireTicket.parse(ticket.toProto())).isEqualTo(ticket);
        }
    }

    @Test
    void onlyPositiveIdsAreClientAllocated() {
        assertThat(new ExportTicket(1).isClientAllocated()).isTrue();
        assertThat(new ExportTicket(0).isClientAllocated()).isFalse();
        assertThat(new ExportTicket(-3).isClientAllocated()).isFalse();
    }

    @Test
    void rejectsWrongLengthOrRoute() {
        assertThatThrownBy(() -> ExportTicket.parse(ByteString.copyFrom(new byte[] {'e', 1, 0, 0})))
                .isInstanceOf(MalformedTicketException.class)
                .hasMessageContaining("expected 5 bytes")
                .hasMessageContaining("4 bytes 0x65010000");
        assertThatThrownBy(() -> ExportTicket.parse(ByteString.copyFrom(new byte[] {'e', 1, 0, 0, 0, 0})))
                .isInstanceOf(MalformedTicketException.class);
        assertThatThrownBy(() -> ExportTicket.parse(ByteString.copyFrom(new byte[] {'x', 1, 0, 0, 0})))
                .isInstanceOf(MalformedTicketException.class);
        assertThatThrownBy(() -> ExportTicket.parse(ByteString.EMPTY))
                .isInstanceOf(MalformedTicketException.class)
                .hasMessageContaining("empty");
    }
}
