package dev.deephavencdi.server.internal.flight;

import dev.deephavencdi.proto.ExportTicket;
import dev.deephavencdi.proto.SharedTicket;
import dev.deephavencdi.server.internal.ServerErrors;
import io.deephaven.proto.backplane.grpc.Ticket;
import java.util.List;
import org.apache.arrow.flight.impl.Flight;

/**
 * Deephaven's Flight descriptor paths: {@code ["export", "<id>"]} names export {@code 'e'+id} and
 * {@code ["shared", "<hex id>"]} the shared ticket {@code 'h'+id}, as the real server routes them.
 */
final class FlightDescriptors {
    private FlightDescriptors() {}

    /** @return the export a DoPut descriptor names */
    static ExportTicket exportOf(Flight.FlightDescriptor descriptor) {
        List<String> path = descriptor.getPathList();
        if (descriptor.getType() != Flight.FlightDescriptor.DescriptorType.PATH || path.size() != 2
                || !path.get(0).equals("export")) {
            throw ServerErrors.invalidArgument("DoPut needs a flight descriptor of type PATH [\"export\", \"<id>\"]"
                    + " naming a new export (found " + describe(descriptor) + ")");
        }
        return new ExportTicket(exportId(path.get(1)));
    }

    /** @return the ticket a GetSchema / GetFlightInfo descriptor names, export or shared */
    static Ticket ticketOf(Flight.FlightDescriptor descriptor) {
        List<String> path = descriptor.getPathList();
        if (descriptor.getType() == Flight.FlightDescriptor.DescriptorType.PATH && path.size() == 2) {
            if (path.get(0).equals("export")) {
                return Ticket.newBuilder().setTicket(new ExportTicket(exportId(path.get(1))).toByteString()).build();
            }
            if (path.get(0).equals("shared")) {
                // SharedTicket.fromIdHex reports a malformed id as MalformedTicketException: FAILED_PRECONDITION
                return Ticket.newBuilder().setTicket(SharedTicket.fromIdHex(path.get(1)).toByteString()).build();
            }
        }
        throw ServerErrors.failedPrecondition("flight descriptor " + describe(descriptor) + " names no table: use"
                + " the path [\"export\", \"<id>\"] or [\"shared\", \"<hex id>\"]");
    }

    private static int exportId(String text) {
        try {
            int id = Integer.parseInt(text);
            if (id <= 0) {
                throw new NumberFormatException("must be > 0");
            }
            return id;
        } catch (NumberFormatException e) {
            throw ServerErrors.invalidArgument("export id \"" + text + "\" in a flight descriptor must be a positive"
                    + " int32 (" + e.getMessage() + ")");
        }
    }

    private static String describe(Flight.FlightDescriptor descriptor) {
        return descriptor.getType() == Flight.FlightDescriptor.DescriptorType.PATH
                ? "path " + descriptor.getPathList()
                : descriptor.getType() + " " + descriptor.getCmd().size() + " bytes";
    }
}
