package dev.deephavencdi.testing;

import com.google.protobuf.ByteString;
import dev.deephavencdi.proto.SharedTicket;
import io.deephaven.proto.backplane.grpc.ConfigServiceGrpc;
import io.deephaven.proto.backplane.grpc.ConfigurationConstantsRequest;
import io.deephaven.proto.backplane.grpc.ExportedTableCreationResponse;
import io.deephaven.proto.backplane.grpc.HandshakeRequest;
import io.deephaven.proto.backplane.grpc.SessionServiceGrpc;
import io.deephaven.proto.backplane.grpc.TableServiceGrpc;
import io.deephaven.proto.backplane.grpc.Ticket;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.TimeUnit;

/**
 * Asks a server about a shared ticket the way pydeephaven's {@code fetch_table} does: one
 * {@code GetExportedTableCreationResponse} on the {@code 'h'} ticket itself, so the answer is a gRPC status code
 * (the official Java client's fetch reports a failure only as the text the server chose, which on the real
 * server is an error id). Makes no export, so asking changes nothing on the server.
 */
public final class SharedTicketProbe implements AutoCloseable {
    private final ManagedChannel channel;
    private final TableServiceGrpc.TableServiceBlockingStub tables;
    private final SessionServiceGrpc.SessionServiceBlockingStub sessions;

    /**
     * @param host the server's host
     * @param port its port
     * @param authentication {@code "Anonymous"} or {@code "<type> <value>"}
     */
    public SharedTicketProbe(String host, int port, String authentication) {
        channel = ManagedChannelBuilder.forAddress(host, port).usePlaintext().build();
        HeaderTokenAuthorization authorization = new HeaderTokenAuthorization(authentication);
        ConfigServiceGrpc.newBlockingStub(channel).withInterceptors(authorization)
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .getConfigurationConstants(ConfigurationConstantsRequest.getDefaultInstance());
        tables = TableServiceGrpc.newBlockingStub(channel).withInterceptors(authorization);
        sessions = SessionServiceGrpc.newBlockingStub(channel).withInterceptors(authorization);
    }

    /** @return {@code "rows=<size>"} while the ticket resolves, else the status code's name, e.g. {@code NOT_FOUND} */
    public String status(SharedTicket ticket) {
        try {
            ExportedTableCreationResponse response = tables.withDeadlineAfter(30, TimeUnit.SECONDS)
                    .getExportedTableCreationResponse(
                            Ticket.newBuilder().setTicket(ByteString.copyFrom(ticket.toBytes())).build());
            return response.getSuccess() ? "rows=" + response.getSize() : "FAILED " + response.getErrorInfo();
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode().name();
        }
    }

    @Override
    public void close() {
        try {
            sessions.withDeadlineAfter(10, TimeUnit.SECONDS).closeSession(HandshakeRequest.getDefaultInstance());
        } catch (StatusRuntimeException e) {
            // the session is gone already (server stopped or session expired): nothing left to close
        }
        channel.shutdownNow();
    }
}
