package dev.deephavencdi.server.internal.flight;

import dev.deephavencdi.server.internal.ServerErrors;
import dev.deephavencdi.server.internal.auth.CallSession;
import dev.deephavencdi.server.internal.engine.DeephavenEngine;
import dev.deephavencdi.server.internal.session.ServerSession;
import dev.deephavencdi.server.internal.session.TicketResolver;
import io.deephaven.engine.liveness.LivenessScopeStack;
import io.deephaven.engine.table.Table;
import io.deephaven.proto.backplane.grpc.Ticket;
import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.Executor;
import org.apache.arrow.flight.impl.Flight;
import org.apache.arrow.flight.impl.FlightServiceGrpc;

/**
 * Arrow Flight ({@code arrow.flight.protocol.FlightService}) on export and shared tickets: {@code DoGet},
 * {@code DoExchange} speaking Barrage (snapshots and live subscriptions, see {@link BarrageExchange}), {@code DoPut}
 * (tables uploaded into a new export, see {@link TableImport}), {@code GetSchema} and {@code GetFlightInfo}. The
 * other Flight methods answer {@code UNIMPLEMENTED} saying what to use instead.
 *
 * <p>Responses are the Barrage writer's pre-serialized {@code FlightData} streams, passed to gRPC as they are
 * (they are {@link io.grpc.Drainable}), so both methods are bound with pass-through marshallers rather than the
 * generated protobuf ones; {@code DoExchange} requests are parsed with Deephaven's {@code BarrageProtoUtil}.
 */
public final class FlightService implements BindableService {
    private static final MethodDescriptor<Flight.Ticket, InputStream> DO_GET = FlightServiceGrpc.getDoGetMethod()
            .toBuilder(ProtoUtils.marshaller(Flight.Ticket.getDefaultInstance()), new PassThroughMarshaller())
            .build();
    private static final MethodDescriptor<InputStream, InputStream> DO_EXCHANGE =
            FlightServiceGrpc.getDoExchangeMethod()
                    .toBuilder(new PassThroughMarshaller(), new PassThroughMarshaller())
                    .build();

    private static final MethodDescriptor<InputStream, Flight.PutResult> DO_PUT = FlightServiceGrpc.getDoPutMethod()
            .toBuilder(new PassThroughMarshaller(), ProtoUtils.marshaller(Flight.PutResult.getDefaultInstance()))
            .build();

    private final TicketResolver tickets;
    private final DeephavenEngine engine;
    private final Executor writers;
    private final LiveTableFeeds feeds;
    private final ArrowTableWriter arrow = new ArrowTableWriter();

    /**
     * @param writers runs the snapshot writers; they block while the client is slow to read
     * @param feeds the live subscriptions
     */
    public FlightService(TicketResolver tickets, DeephavenEngine engine, Executor writers, LiveTableFeeds feeds) {
        this.tickets = tickets;
        this.engine = engine;
        this.writers = writers;
        this.feeds = feeds;
    }

    @Override
    public ServerServiceDefinition bindService() {
        return ServerServiceDefinition.builder(FlightServiceGrpc.SERVICE_NAME)
                .addMethod(DO_GET, ServerCalls.asyncServerStreamingCall(this::doGet))
                .addMethod(DO_EXCHANGE, ServerCalls.asyncBidiStreamingCall(this::doExchange))
                .addMethod(DO_PUT, ServerCalls.asyncBidiStreamingCall(this::doPut))
                .addMethod(FlightServiceGrpc.getGetSchemaMethod(), ServerCalls.asyncUnaryCall(this::getSchema))
                .addMethod(FlightServiceGrpc.getGetFlightInfoMethod(), ServerCalls.asyncUnaryCall(this::getFlightInfo))
                .addMethod(FlightServiceGrpc.getHandshakeMethod(), ServerCalls.asyncBidiStreamingCall(
                        responses -> unsupported("Handshake", "log in with ConfigService/GetConfigurationConstants"
                                + " (the authorization header), as pydeephaven and the Java client do", responses)))
                .addMethod(FlightServiceGrpc.getListFlightsMethod(), ServerCalls.asyncServerStreamingCall(
                        (request, responses) -> unsupported("ListFlights", "name tables by export or shared"
                                + " ticket; GetFlightInfo describes one", responses)))
                .addMethod(FlightServiceGrpc.getDoActionMethod(), ServerCalls.asyncServerStreamingCall(
                        (request, responses) -> unsupported("DoAction", "no actions are offered", responses)))
                .addMethod(FlightServiceGrpc.getListActionsMethod(), ServerCalls.asyncServerStreamingCall(
                        (request, responses) -> unsupported("ListActions", "no actions are offered", responses)))
                .build();
    }

    private StreamObserver<InputStream> doExchange(StreamObserver<InputStream> responses) {
        ServerCallStreamObserver<InputStream> call = (ServerCallStreamObserver<InputStream>) responses;
        ServerSession session;
        try {
            session = CallSession.require();
        } catch (RuntimeException | Error e) { // Error: OutOfMemoryError must complete the call too
            call.onError(ServerErrors.toStatus(e));
            return new DiscardingObserver<>();
        }
        return new BarrageExchange(session, call, tickets, engine, writers, feeds, arrow);
    }

    private StreamObserver<InputStream> doPut(StreamObserver<Flight.PutResult> responses) {
        try {
            return new TableImport(CallSession.require(), engine, responses);
        } catch (RuntimeException e) {
            responses.onError(ServerErrors.toStatus(e));
            return new DiscardingObserver<>();
        }
    }

    private void getSchema(Flight.FlightDescriptor request, StreamObserver<Flight.SchemaResult> responses) {
        try {
            Table table = tickets.resolve(CallSession.require(), FlightDescriptors.ticketOf(request));
            responses.onNext(Flight.SchemaResult.newBuilder().setSchema(schemaOf(table)).build());
            responses.onCompleted();
        } catch (RuntimeException e) {
            responses.onError(ServerErrors.toStatus(e));
        }
    }

    private void getFlightInfo(Flight.FlightDescriptor request, StreamObserver<Flight.FlightInfo> responses) {
        try {
            Ticket ticket = FlightDescriptors.ticketOf(request);
            Table table = tickets.resolve(CallSession.require(), ticket);
            responses.onNext(Flight.FlightInfo.newBuilder()
                    .setSchema(schemaOf(table))
                    .setFlightDescriptor(request)
                    .addEndpoint(Flight.FlightEndpoint.newBuilder()
                            .setTicket(Flight.Ticket.newBuilder().setTicket(ticket.getTicket())))
                    .setTotalRecords(table.isRefreshing() ? -1 : table.size())
                    .setTotalBytes(-1)
                    .build());
            responses.onCompleted();
        } catch (RuntimeException e) {
            responses.onError(ServerErrors.toStatus(e));
        }
    }

    /** The Arrow IPC schema message (with continuation prefix), as GetExportedTableCreationResponse carries it. */
    private static com.google.protobuf.ByteString schemaOf(Table table) {
        return io.deephaven.extensions.barrage.util.ExportUtil.buildTableCreationResponse(
                io.deephaven.proto.backplane.grpc.TableReference.getDefaultInstance(), table).getSchemaHeader();
    }

    private static <T> StreamObserver<T> unsupported(String method, String instead, StreamObserver<?> responses) {
        responses.onError(ServerErrors.unimplemented("Flight " + method + " is not supported by the embedded"
                + " server; " + instead + ". Supported: DoGet, DoPut, DoExchange (Barrage), GetSchema,"
                + " GetFlightInfo"));
        return new DiscardingObserver<>();
    }

    private void doGet(Flight.Ticket request, StreamObserver<InputStream> responses) {
        ServerCallStreamObserver<InputStream> call = (ServerCallStreamObserver<InputStream>) responses;
        FlowControlledSink sink = FlowControlledSink.registeredOn(call);
        Table table;
        try {
            ServerSession session = CallSession.require();
            table = tickets.resolve(session, Ticket.newBuilder().setTicket(request.getTicket()).build());
        } catch (RuntimeException | Error e) { // Error: OutOfMemoryError must complete the call too
            call.onError(ServerErrors.toStatus(e));
            return;
        }
        writers.execute(() -> write(table, sink, call));
    }

    private void write(Table table, FlowControlledSink sink, ServerCallStreamObserver<InputStream> call) {
        try {
            engine.compute(() -> {
                // hold the table for the duration of the write even if its export is released meanwhile; it may
                // already have been released between resolving the ticket and here
                if (!LivenessScopeStack.peek().tryManage(table)) {
                    throw ServerErrors.failedPrecondition("the table was released before it could be read (its"
                            + " export was released, or the session that published it closed); fetch it again");
                }
                try {
                    arrow.writeSnapshot(table, sink);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return null;
            });
            call.onCompleted();
        } catch (RuntimeException | Error e) { // Error: OutOfMemoryError must complete the call too
            if (!sink.isCancelled()) {
                call.onError(e instanceof io.grpc.StatusRuntimeException s && s.getStatus().getCode()
                        == Status.Code.CANCELLED ? s : ServerErrors.toStatus(e));
            }
        }
    }

    /** Ignores the requests of a call that already failed. */
    private static final class DiscardingObserver<T> implements StreamObserver<T> {
        @Override
        public void onNext(T value) {}

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {}
    }

    /** Passes already-serialized messages through as they are, both ways. */
    private static final class PassThroughMarshaller implements MethodDescriptor.Marshaller<InputStream> {
        @Override
        public InputStream stream(InputStream value) {
            return value;
        }

        @Override
        public InputStream parse(InputStream stream) {
            return stream;
        }
    }
}
