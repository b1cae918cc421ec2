package dev.deephavencdi.server;

import com.google.protobuf.ByteString;
import io.deephaven.client.impl.BarrageSubscriptionImpl;
import io.deephaven.client.impl.SessionImpl;
import io.deephaven.engine.table.impl.util.BarrageMessage;
import io.deephaven.extensions.barrage.BarrageSubscriptionOptions;
import io.deephaven.extensions.barrage.util.BarrageMessageReaderImpl;
import io.deephaven.extensions.barrage.util.BarrageUtil;
import io.deephaven.proto.backplane.grpc.ExportedTableCreationResponse;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.arrow.flight.impl.Flight.FlightData;

/**
 * A Barrage subscription on any ticket bytes, {@code 'h'} shared tickets included (the official client's
 * {@code BarrageSession} only subscribes through an export of the calling session): the same DoExchange
 * descriptor, request and message reader the official client uses, recording each message's shape and how the
 * stream ended.
 */
final class RawSubscription implements AutoCloseable {
    /** What one Barrage message said. */
    record Received(boolean snapshot, long added, long removed, long tableSize) {}

    private final List<Received> received = new ArrayList<>(); // guarded by itself
    private final CompletableFuture<Status> ended = new CompletableFuture<>();
    private volatile ClientCallStreamObserver<FlightData> requests;

    RawSubscription(SessionImpl session, byte[] ticket, ExportedTableCreationResponse schemaSource) {
        this(session, ticket, schemaSource, BarrageUtil.DEFAULT_SUBSCRIPTION_OPTIONS, false);
    }

    /**
     * @param manualFlowControl read only what {@link #request(int)} asks for, so that unread messages fill the
     *        HTTP/2 window and the server sees a slow client
     */
    RawSubscription(SessionImpl session, byte[] ticket, ExportedTableCreationResponse schemaSource,
            BarrageSubscriptionOptions options, boolean manualFlowControl) {
        BarrageUtil.ConvertedArrowSchema schema = BarrageUtil.convertArrowSchema(schemaSource);
        MethodDescriptor<FlightData, BarrageMessage> method = BarrageSubscriptionImpl.getClientDoExchangeDescriptor(
                options, schema.computeWireChunkTypes(), schema.computeWireTypes(),
                schema.computeWireComponentTypes(), new BarrageMessageReaderImpl());
        ClientCall<FlightData, BarrageMessage> call = session.channel().channel().newCall(method, CallOptions.DEFAULT);
        ClientCalls.asyncBidiStreamingCall(call, new ClientResponseObserver<FlightData, BarrageMessage>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<FlightData> stream) {
                requests = stream;
                if (manualFlowControl) {
                    stream.disableAutoInboundFlowControl();
                }
            }

            @Override
            public void onNext(BarrageMessage message) {
                if (message == null) {
                    return; // the schema
                }
                try (message) {
                    synchronized (received) {
                        received.add(new Received(message.isSnapshot, message.rowsAdded.size(),
                                message.rowsRemoved.size(), message.tableSize));
                    }
                }
            }

            @Override
            public void onError(Throwable t) {
                ended.complete(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                ended.complete(Status.OK);
            }
        });
        requests.onNext(FlightData.newBuilder()
                .setAppMetadata(ByteString.copyFrom(BarrageUtil.createSubscriptionRequestMetadataBytes(ticket, options)))
                .build());
    }

    /** With manual flow control: reads {@code messages} more messages. */
    void request(int messages) {
        requests.request(messages);
    }

    List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** @return how the server ended the stream, once it has */
    CompletableFuture<Status> ended() {
        return ended;
    }

    /** Half-closes: asks the server to end the subscription. */
    void unsubscribe() {
        requests.onCompleted();
    }

    @Override
    public void close() {
        if (!ended.isDone()) {
            requests.onError(Status.CANCELLED.withDescription("test done").asRuntimeException());
        }
    }
}
