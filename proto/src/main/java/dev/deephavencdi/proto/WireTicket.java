package dev.deephavencdi.proto;

import com.google.protobuf.ByteString;
import io.deephaven.proto.backplane.grpc.Ticket;

/**
 * A ticket this project can route: an {@link ExportTicket} or a {@link SharedTicket}.
 *
 * <p>Implementations are immutable value types with {@code equals}/{@code hashCode} over the ticket bytes.
 */
public sealed interface WireTicket permits ExportTicket, SharedTicket {

    /** @return the ticket bytes exactly as they travel in {@code Ticket.ticket} */
    ByteString toByteString();

    /** @return this ticket as the Deephaven proto message */
    default Ticket toProto() {
        return Ticket.newBuilder().setTicket(toByteString()).build();
    }

    /**
     * Classifies ticket bytes by their route byte.
     *
     * @param ticket the raw ticket bytes
     * @return the parsed ticket
     * @throws MalformedTicketException if the ticket is empty, has a route other than {@code 'e'}/{@code 'h'},
     *         or has the wrong length for its route
     */
    static WireTicket parse(ByteString ticket) {
        if (ticket == null || ticket.isEmpty()) {
            throw new MalformedTicketException("ticket is empty: expected 'e' + 4-byte export id or 'h' + shared id");
        }
        byte route = ticket.byteAt(0);
        if (route == ExportTicket.ROUTE) {
            return ExportTicket.parse(ticket);
        }
        if (route == SharedTicket.ROUTE) {
            return SharedTicket.fromByteString(ticket);
        }
        throw new MalformedTicketException(String.format(
                "no route for ticket starting with 0x%02x: expected 'e' (0x65, export) or 'h' (0x68, shared)", route));
    }

    /**
     * Classifies a proto ticket.
     *
     * @see #parse(ByteString)
     */
    static WireTicket parse(Ticket ticket) {
        return parse(ticket == null ? ByteString.EMPTY : ticket.getTicket());
    }
}
