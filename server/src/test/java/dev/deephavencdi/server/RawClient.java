package dev.deephavencdi.server;

import dev.deephavencdi.server.testing.TestServer;
import dev.deephavencdi.testing.ArrowRows;
import dev.deephavencdi.testing.HeaderTokenAuthorization;
import com.google.protobuf.ByteString;
import io.deephaven.proto.backplane.grpc.ConfigServiceGrpc;
import io.deephaven.proto.backplane.grpc.ConfigurationConstantsRequest;
import io.deephaven.proto.backplane.grpc.ConfigurationConstantsResponse;
import io.deephaven.proto.backplane.grpc.SessionServiceGrpc;
import io.deephaven.proto.backplane.grpc.TableServiceGrpc;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.HeaderCallOption;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Raw generated stubs driven the way pydeephaven drives them (it cannot run here): log in with
 * {@code GetConfigurationConstants} carrying the server's credentials as {@code authorization}, copy the {@code authorization} value
 * of the response <em>headers</em> verbatim, and send it on every later call. Unary table operations only.
 */
public final class RawClient implements AutoCloseable {
    private final ManagedChannel channel;
    private final String host;
    private final int port;
    private final BufferAllocator allocator = new RootAllocator();
    private final HeaderTokenAuthorization authorization;
    private final String initialAuthorization;
    private int nextExportId = 1;

    /** A client that logs in with the server's credentials. */
    public RawClient(TestServer server) {
        this(server, server.authorization());
    }

    /** A client whose first call sends {@code initialAuthorization} instead (wrong or malformed credentials). */
    public RawClient(TestServer server, String initialAuthorization) {
        this(server, new HeaderTokenAuthorization(initialAuthorization));
    }

    private RawClient(TestServer server, HeaderTokenAuthorization authorization) {
        this(server.connectHost(), server.port(), authorization);
    }

    /** A client of a server in another process, logging in with {@code initialAuthorization}. */
    public RawClient(String host, int port, String initialAuthorization) {
        this(host, port, new HeaderTokenAuthorization(initialAuthorization));
    }

    private RawClient(String host, int port, HeaderTokenAuthorization authorization) {
        this.host = host;
        this.port = port;
        this.channel = ManagedChannelBuilder.forAddress(host, port).usePlaintext().build();
        this.authorization = authorization;
        this.initialAuthorization = authorization.value();
    }

    /** Logs in (pydeephaven's {@code _connect}); returns the configuration constants. */
    public ConfigurationConstantsResponse login() {
        return config().getConfigurationConstants(ConfigurationConstantsRequest.getDefaultInstance());
    }

    public ConfigServiceGrpc.ConfigServiceBlockingStub config() {
        return ConfigServiceGrpc.newBlockingStub(authenticated());
    }

    public SessionServiceGrpc.SessionServiceBlockingStub sessions() {
        return SessionServiceGrpc.newBlockingStub(authenticated());
    }

    public TableServiceGrpc.TableServiceBlockingStub tables() {
        return TableServiceGrpc.newBlockingStub(authenticated());
    }

    public TableServiceGrpc.TableServiceStub tablesAsync() {
        return TableServiceGrpc.newStub(authenticated());
    }

    /** @return the channel with this client's authorization, for Flight and other stubs */
    public Channel authenticated() {
        return io.grpc.ClientInterceptors.intercept(channel, authorization);
    }

    /** @return the value sent as {@code authorization} on the next call */
    public String authorization() {
        return authorization.value();
    }

    /** @return the last {@code authorization} value the server put in response headers, or null */
    public String lastHeaderToken() {
        return authorization.lastFromServer();
    }

    public void setAuthorization(String value) {
        authorization.set(value);
    }

    /** Sends the credentials this client started with again, so the next {@link #login()} opens a new session. */
    public void resetAuthorization() {
        authorization.set(initialAuthorization);
    }

    /** @return a new export ticket, counting up from 1 like both official clients */
    public io.deephaven.proto.backplane.grpc.Ticket nextExport() {
        return exportTicket(nextExportId++);
    }

    public static io.deephaven.proto.backplane.grpc.Ticket exportTicket(int id) {
        return new dev.deephavencdi.proto.ExportTicket(id).toProto();
    }

    public static io.deephaven.proto.backplane.grpc.Ticket ticket(int... bytes) {
        byte[] raw = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            raw[i] = (byte) bytes[i];
        }
        return io.deephaven.proto.backplane.grpc.Ticket.newBuilder().setTicket(ByteString.copyFrom(raw)).build();
    }

    /**
     * pyarrow's {@code FlightClient("grpc://host:port").do_get(Ticket(bytes), FlightCallOptions(headers=...))}
     * with this client's authorization.
     */
    public List<List<Object>> doGet(io.deephaven.proto.backplane.grpc.Ticket ticket) throws Exception {
        try (FlightClient flight = FlightClient.builder(allocator, Location.forGrpcInsecure(host, port)).build()) {
            CallHeaders headers = new FlightCallHeaders();
            String value = authorization.value();
            if (value != null) {
                headers.insert("authorization", value);
            }
            return ArrowRows.read(flight.getStream(
                    new org.apache.arrow.flight.Ticket(ticket.getTicket().toByteArray()), new HeaderCallOption(headers)));
        }
    }

    /**
     * DoGet through the generated Flight stub, so failures keep their exact gRPC status (Arrow's client folds some
     * codes together, e.g. FAILED_PRECONDITION into INVALID_ARGUMENT).
     *
     * @return the number of FlightData messages received
     */
    public int doGetMessages(io.deephaven.proto.backplane.grpc.Ticket ticket) {
        return doGetMessages(ticket, java.time.Duration.ofMinutes(1));
    }

    /** {@link #doGetMessages(io.deephaven.proto.backplane.grpc.Ticket)} with a gRPC deadline. */
    public int doGetMessages(io.deephaven.proto.backplane.grpc.Ticket ticket, java.time.Duration deadline) {
        var messages = org.apache.arrow.flight.impl.FlightServiceGrpc.newBlockingStub(authenticated())
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .doGet(org.apache.arrow.flight.impl.Flight.Ticket.newBuilder().setTicket(ticket.getTicket()).build());
        int count = 0;
        while (messages.hasNext()) {
            messages.next();
            count++;
        }
        return count;
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        allocator.close();
    }
}
