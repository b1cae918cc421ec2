package dev.deephavencdi.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SharedTicketTest {

    @Test
    void randomTicketIsRoutePlusSixteenBytes() {
        SharedTicket ticket = SharedTicket.random();
        assertThat(ticket.toBytes()).hasSize(17);
        assertThat(ticket.toBytes()[0]).isEqualTo((byte) 'h');
        assertThat(ticket.id()).hasSize(16);
    }

    @Test
    void randomTicketsDoNotRepeat() {
        Set<SharedTicket> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertThat(seen.add(SharedTicket.random())).isTrue();
        }
    }

    @Test
    void textFormsRoundTrip() {
        SharedTicket ticket = SharedTicket.random();
        assertThat(SharedTicket.fromHex(ticket.toHex())).isEqualTo(ticket);
        assertThat(SharedTicket.fromHex(ticket.toHex().toUpperCase())).isEqualTo(ticket);
        assertThat(SharedTicket.fromBase64(ticket.toBase64())).isEqualTo(ticket);
        assertThat(SharedTicket.fromBase64(Base64.getUrlEncoder().encodeToString(ticket.toBytes())))
                .isEqualTo(ticket);
        assertThat(SharedTicket.fromIdHex(ticket.idHex())).isEqualTo(ticket);
        assertThat(SharedTicket.fromId(ticket.id())).isEqualTo(ticket);
        assertThat(SharedTicket.fromBytes(ticket.toBytes())).isEqualTo(ticket);
        assertThat(WireTicket.parse(ticket.toProto())).isEqualTo(ticket);
    }

    @Test
    void hexOfWholeTicketStartsWithRouteByte() {
        SharedTicket ticket = SharedTicket.fromId(new byte[] {0x01, (byte) 0xab});
        assertThat(ticket.toHex()).isEqualTo("6801ab");
        assertThat(ticket.idHex()).isEqualTo("0x01ab");
        assertThat(ticket.toString()).isEqualTo("shared:0x01ab");
    }

    @Test
    void exposesDefensiveCopies() {
        SharedTicket ticket = SharedTicket.random();
        byte[] id = ticket.id();
        id[0] ^= 1;
        assertThat(ticket.id()).isNotEqualTo(id);
    }

    @Test
    void rejectsMalformedInputWithMessagesThatSayWhatIsExpected() {
        assertThatThrownBy(() -> SharedTicket.fromBytes(new byte[] {'h'}))
                .isInstanceOf(MalformedTicketException.class).hasMessageContaining("has no id");
        assertThatThrownBy(() -> SharedTicket.fromBytes(new byte[] {'e', 1, 0, 0, 0}))
                .isInstanceOf(MalformedTicketException.class).hasMessageContaining("expected 'h'");
        assertThatThrownBy(() -> SharedTicket.fromId(new byte[SharedTicket.MAX_ID_LENGTH + 1]))
                .isInstanceOf(MalformedTicketException.class).hasMessageContaining("longer than the 64 allowed");
        assertThatThrownBy(() -> SharedTicket.fromHex("zz"))
                .isInstanceOf(MalformedTicketException.class).hasMessageContaining("not valid hex");
        assertThatThrownBy(() -> SharedTicket.fromHex("0x0102"))
                .isInstanceOf(MalformedTicketException.class).hasMessageContaining("fromIdHex");
        assertThatThrownBy(() -> SharedTicket.fromHex(" "))
                .isInstanceOf(MalformedTicketException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> SharedTicket.fromBase64("%%%"))
                .isInstanceOf(MalformedTicketException.class).hasMessageContaining("not valid base64");
        assertThatThrownBy(() -> SharedTicket.fromIdHex("0x"))
                .isInstanceOf(MalformedTicketException.class).hasMessageContaining("has no id");
    }

    @Test
    void wireParserRoutesByFirstByte() {
        assertThatThrownBy(() -> WireTicket.parse(ByteString.copyFromUtf8("s/table")))
                .isInstanceOf(MalformedTicketException.class)
                .hasMessageContaining("0x73")
                .hasMessageContaining("'e' (0x65, export) or 'h' (0x68, shared)");
        assertThat(WireTicket.parse(ByteString.copyFrom(new byte[] {'h', 7}))).isInstanceOf(SharedTicket.class);
    }
}
