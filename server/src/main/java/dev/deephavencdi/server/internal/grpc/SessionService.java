package dev.deephavencdi.server.internal.grpc;

import dev.deephavencdi.proto.ExportTicket;
import dev.deephavencdi.proto.MalformedTicketException;
import dev.deephavencdi.proto.SharedTicket;
import dev.deephavencdi.proto.WireTicket;
import dev.deephavencdi.server.internal.ServerErrors;
import dev.deephavencdi.server.internal.auth.CallSession;
import dev.deephavencdi.server.internal.session.Export;
import dev.deephavencdi.server.internal.session.ServerSession;
import dev.deephavencdi.server.internal.session.SessionManager;
import dev.deephavencdi.server.internal.session.SharedTicketRegistry;
import dev.deephavencdi.server.internal.session.TicketResolver;
import io.deephaven.engine.table.Table;
import io.deephaven.proto.backplane.grpc.CloseSessionResponse;
import io.deephaven.proto.backplane.grpc.ExportRequest;
import io.deephaven.proto.backplane.grpc.ExportResponse;
import io.deephaven.proto.backplane.grpc.HandshakeRequest;
import io.deephaven.proto.backplane.grpc.PublishRequest;
import io.deephaven.proto.backplane.grpc.PublishResponse;
import io.deephaven.proto.backplane.grpc.ReleaseRequest;
import io.deephaven.proto.backplane.grpc.ReleaseResponse;
import io.deephaven.proto.backplane.grpc.SessionServiceGrpc;
import io.grpc.stub.StreamObserver;

/**
 * {@code SessionService}: publish to and export from tickets, release exports, close sessions. The deprecated
 * {@code NewSession}/{@code RefreshSessionToken} handshake and the notification streams answer
 * {@code UNIMPLEMENTED}; neither official client calls them.
 */
public final class SessionService extends SessionServiceGrpc.SessionServiceImplBase {
    private final SessionManager sessions;
    private final SharedTicketRegistry sharedTickets;
    private final TicketResolver tickets;

    public SessionService(SessionManager sessions, SharedTicketRegistry sharedTickets, TicketResolver tickets) {
        this.sessions = sessions;
        this.sharedTickets = sharedTickets;
        this.tickets = tickets;
    }

    @Override
    public void publishFromTicket(PublishRequest request, StreamObserver<PublishResponse> responses) {
        Unary.respond(responses, () -> {
            ServerSession session = CallSession.require();
            if (!request.hasSourceId() || !request.hasResultId()) {
                throw ServerErrors.invalidArgument("PublishRequest needs both source_id and result_id");
            }
            WireTicket source = WireTicket.parse(request.getSourceId());
            if (!(source instanceof ExportTicket exportTicket)) {
                throw ServerErrors.failedPrecondition(
                        "can only publish directly from a session export to a shared ticket");
            }
            WireTicket result = WireTicket.parse(request.getResultId());
            if (!(result instanceof SharedTicket sharedTicket)) {
                throw ServerErrors.failedPrecondition("can only publish to a shared ticket ('h' + id), found "
                        + result);
            }
            sharedTickets.publish(sharedTicket, session.export(exportTicket));
            return PublishResponse.getDefaultInstance();
        });
    }

    @Override
    public void exportFromTicket(ExportRequest request, StreamObserver<ExportResponse> responses) {
        Unary.respond(responses, () -> {
            ServerSession session = CallSession.require();
            if (!request.hasSourceId() || !request.hasResultId()) {
                throw ServerErrors.invalidArgument("ExportRequest needs both source_id and result_id");
            }
            Table table = tickets.resolve(session, request.getSourceId());
            Export export = session.newExport(ExportTicket.parse(request.getResultId().getTicket()));
            export.complete(table);
            export.awaitTable();
            return ExportResponse.getDefaultInstance();
        });
    }

    @Override
    public void release(ReleaseRequest request, StreamObserver<ReleaseResponse> responses) {
        Unary.respond(responses, () -> {
            ServerSession session = CallSession.require();
            ExportTicket ticket;
            try {
                ticket = ExportTicket.parse(request.getId().getTicket());
            } catch (MalformedTicketException e) {
                throw ServerErrors.failedPrecondition("Could not resolve ticket to release: " + e.getMessage()
                        + ". Only export tickets can be released; a shared ticket ends when the export it was"
                        + " published from is released");
            }
            session.release(ticket);
            return ReleaseResponse.getDefaultInstance();
        });
    }

    @Override
    public void closeSession(HandshakeRequest request, StreamObserver<CloseSessionResponse> responses) {
        Unary.respond(responses, () -> {
            ServerSession session = CallSession.require();
            if (request.getAuthProtocol() != 0) {
                throw ServerErrors.invalidArgument("CloseSession: auth_protocol must be 0 (found "
                        + request.getAuthProtocol() + ")");
            }
            sessions.close(session);
            return CloseSessionResponse.getDefaultInstance();
        });
    }

    @Override
    public void newSession(HandshakeRequest request,
            StreamObserver<io.deephaven.proto.backplane.grpc.HandshakeResponse> responses) {
        responses.onError(unsupported("NewSession"));
    }

    @Override
    public void refreshSessionToken(HandshakeRequest request,
            StreamObserver<io.deephaven.proto.backplane.grpc.HandshakeResponse> responses) {
        responses.onError(unsupported("RefreshSessionToken"));
    }

    @Override
    public void exportNotifications(io.deephaven.proto.backplane.grpc.ExportNotificationRequest request,
            StreamObserver<io.deephaven.proto.backplane.grpc.ExportNotification> responses) {
        responses.onError(unsupported("ExportNotifications"));
    }

    @Override
    public void terminationNotification(io.deephaven.proto.backplane.grpc.TerminationNotificationRequest request,
            StreamObserver<io.deephaven.proto.backplane.grpc.TerminationNotificationResponse> responses) {
        responses.onError(unsupported("TerminationNotification"));
    }

    /** The deprecated handshake RPCs and the notification streams: clients log in and refresh with ConfigService. */
    private static io.grpc.StatusRuntimeException unsupported(String method) {
        return ServerErrors.unimplemented("SessionService/" + method + " is not supported by the embedded server;"
                + " log in and keep the session alive with ConfigService/GetConfigurationConstants (the"
                + " authorization header), as pydeephaven and the Java client do. Supported: PublishFromTicket,"
                + " ExportFromTicket, Release, CloseSession");
    }
}
