package dev.deephavencdi.server;

import dev.deephavencdi.testing.ArrowRows;
import com.google.protobuf.ByteString;
import io.deephaven.proto.backplane.grpc.ConfigServiceGrpc;
import io.deephaven.proto.backplane.grpc.ConfigurationConstantsRequest;
import io.deephaven.proto.backplane.grpc.ConfigurationConstantsResponse;
import io.deephaven.proto.backplane.grpc.SessionServiceGrpc;
import io.deephaven.proto.backplane.grpc.TableServiceGrpc;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.HeaderCallOption;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Raw generated stubs driven the way pydeephaven drives them (it cannot run here): log in with
 * {@code GetConfigurationConstants} carrying {@code authorization: Anonymous}, copy the {@code authorization} value
 * of the response <em>headers</em> verbatim, and send it on every later call. Unary table operations only.
 */
public final class RawClient implements AutoCloseable {
    public static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final ManagedChannel channel;
    private final String host;
    private final int port;
    private final BufferAllocator allocator = new RootAllocator();
    private final AtomicReference<String> authorization = new AtomicReference<>();
    private final AtomicReference<String> lastHeaderToken = new AtomicReference<>();
    private int nextExportId = 1;

    public RawClient(EmbeddedDeephavenServer server) {
        this(server, "Anonymous");
    }

    public RawClient(EmbeddedDeephavenServer server, String initialAuthorization) {
        this.host = server.connectHost();
        this.port = server.port();
        this.channel = ManagedChannelBuilder.forAddress(host, port).usePlaintext().build();
        this.authorization.set(initialAuthorization);
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
        return io.grpc.ClientInterceptors.intercept(channel, new BearerFromHeaders());
    }

    /** @return the value sent as {@code authorization} on the next call */
    public String authorization() {
        return authorization.get();
    }

    /** @return the last {@code authorization} value the server put in response headers, or null */
    public String lastHeaderToken() {
        return lastHeaderToken.get();
    }

    public void setAuthorization(String value) {
        authorization.set(value);
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
            if (authorization.get() != null) {
                headers.insert("authorization", authorization.get());
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

    /** pydeephaven's {@code wrap_rpc}: send the stored value, then copy the response header's value verbatim. */
    private final class BearerFromHeaders implements ClientInterceptor {
        @Override
        public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
                MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next) {
            return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
                @Override
                public void start(Listener<RespT> listener, Metadata headers) {
                    String value = authorization.get();
                    if (value != null) {
                        headers.put(AUTHORIZATION, value);
                    }
                    super.start(new SimpleForwardingClientCallListener<>(listener) {
                        @Override
                        public void onHeaders(Metadata responseHeaders) {
                            String token = responseHeaders.get(AUTHORIZATION);
                            if (token != null) {
                                lastHeaderToken.set(token);
                                authorization.set(token);
                            }
                            super.onHeaders(responseHeaders);
                        }
                    }, headers);
                }
            };
        }
    }
}
