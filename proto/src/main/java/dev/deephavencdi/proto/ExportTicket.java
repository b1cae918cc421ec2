package dev.deephavencdi.proto;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An export ticket: {@code 'e'} followed by the export id as a signed little-endian int32, exactly 5 bytes.
 *
 * <p>Export ids are scoped to one session. Clients allocate positive ids counting up from 1; ids at or below
 * zero are reserved for the server.
 *
 * @param id the export id
 */
public record ExportTicket(int id) implements WireTicket {

    /** The route byte of export tickets. */
    public static final byte ROUTE = 'e';

    /** The exact length of an export ticket. */
    public static final int LENGTH = 5;

    /** @return whether clients may allocate this id (ids at or below zero are server-reserved) */
    public boolean isClientAllocated() {
        return id > 0;
    }

    @Override
    public ByteString toByteString() {
        ByteBuffer buffer = ByteBuffer.allocate(LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(ROUTE).putInt(id).flip();
        return ByteString.copyFrom(buffer);
    }

    /**
     * Decodes an export ticket.
     *
     * @throws MalformedTicketException if the bytes are not {@code 'e'} followed by exactly four id bytes
     */
    public static ExportTicket parse(ByteString ticket) {
        if (ticket == null || ticket.size() != LENGTH || ticket.byteAt(0) != ROUTE) {
            throw new MalformedTicketException(String.format(
                    "not an export ticket: expected 5 bytes ('e' + little-endian int32 id), got %s",
                    TicketText.describe(ticket)));
        }
        return new ExportTicket(ticket.substring(1).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).getInt());
    }

    @Override
    public String toString() {
        return "export:" + id;
    }
}
