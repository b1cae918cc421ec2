package dev.deephavencdi.server.internal.flight;

import com.google.protobuf.ByteString;
import dev.deephavencdi.server.internal.ServerErrors;
import dev.deephavencdi.server.internal.engine.DeephavenEngine;
import dev.deephavencdi.server.internal.session.ServerSession;
import dev.deephavencdi.server.internal.session.TableSource;
import dev.deephavencdi.server.internal.session.TicketResolver;
import io.deephaven.barrage.flatbuf.BarrageMessageType;
import io.deephaven.barrage.flatbuf.BarrageMessageWrapper;
import io.deephaven.barrage.flatbuf.BarrageSnapshotRequest;
import io.deephaven.barrage.flatbuf.BarrageSubscriptionRequest;
import io.deephaven.engine.liveness.LivenessScopeStack;
import io.deephaven.engine.rowset.RowSet;
import io.deephaven.engine.table.impl.BlinkTableTools;
import io.deephaven.extensions.barrage.BarrageSnapshotOptions;
import io.deephaven.extensions.barrage.BarrageSubscriptionOptions;
import io.deephaven.extensions.barrage.util.BarrageProtoUtil;
import io.deephaven.extensions.barrage.util.BarrageUtil;
import io.deephaven.proto.backplane.grpc.Ticket;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One Flight {@code DoExchange} call speaking Barrage, as the official {@code BarrageSession} uses it: the first
 * {@code FlightData} carries, in {@code app_metadata}, a {@code BarrageMessageWrapper} (magic {@code 0x6E687064})
 * holding a {@code BarrageSnapshotRequest} or a {@code BarrageSubscriptionRequest} for an {@code 'e'} or
 * {@code 'h'} ticket.
 *
 * <ul>
 *   <li><b>Snapshot:</b> the schema, then the requested columns and rows in batches; the stream completes once
 *       everything is sent and the client has half-closed (as the real server does).</li>
 *   <li><b>Subscription:</b> joins the table's {@link LiveTableFeed}: the schema and a snapshot, then every
 *       update. It ends when the client cancels (nothing more is sent) or half-closes ({@code OK}), when the
 *       export behind the ticket is released ({@code NOT_FOUND} for a shared ticket, {@code FAILED_PRECONDITION}
 *       for the caller's own export), when the caller's session closes or expires ({@code UNAUTHENTICATED}), or
 *       when the table fails ({@code FAILED_PRECONDITION}).</li>
 * </ul>
 * Changing a subscription's viewport or columns on the open stream is not supported ({@code UNIMPLEMENTED}).
 */
final class BarrageExchange implements StreamObserver<InputStream> {
    private static final int SENT_ALL = 1;
    private static final int CLIENT_HALF_CLOSED = 2;

    private final ServerSession session;
    private final ServerCallStreamObserver<InputStream> call;
    private final TicketResolver tickets;
    private final DeephavenEngine engine;
    private final Executor writers;
    private final LiveTableFeeds feeds;
    private final ArrowTableWriter arrow;
    private final FlowControlledSink sink;
    private final AtomicInteger snapshotState = new AtomicInteger();
    private boolean sawFirstMessage; // gRPC delivers requests one at a time
    private volatile boolean snapshot;
    private volatile LiveSubscriber subscriber;

    /** Must be created in the call's handler method: it registers the call's readiness and cancel callbacks. */
    BarrageExchange(ServerSession session, ServerCallStreamObserver<InputStream> call, TicketResolver tickets,
            DeephavenEngine engine, Executor writers, LiveTableFeeds feeds, ArrowTableWriter arrow) {
        this.session = session;
        this.call = call;
        this.tickets = tickets;
        this.engine = engine;
        this.writers = writers;
        this.feeds = feeds;
        this.arrow = arrow;
        this.sink = FlowControlledSink.forwardedFrom(call);
        call.setOnReadyHandler(this::onReady);
        call.setOnCancelHandler(this::onCancel);
    }

    @Override
    public void onNext(InputStream message) {
        try {
            if (snapshot || subscriber != null) {
                throw Status.UNIMPLEMENTED.withDescription("the embedded server takes one request per DoExchange:"
                        + " changing a subscription's viewport or columns is not supported; open a new"
                        + " subscription instead").asRuntimeException();
            }
            BarrageProtoUtil.MessageInfo info = BarrageProtoUtil.parseProtoMessage(message);
            BarrageMessageWrapper wrapper = info.app_metadata;
            if (wrapper == null) {
                if (sawFirstMessage) {
                    throw ServerErrors.invalidArgument("failed to receive Barrage request metadata");
                }
                sawFirstMessage = true; // Flight clients may send an empty first message
                return;
            }
            sawFirstMessage = true;
            if (wrapper.magic() != BarrageUtil.FLATBUFFER_MAGIC) {
                throw ServerErrors.invalidArgument("app_metadata is not a Barrage message (magic "
                        + Long.toHexString(wrapper.magic()) + ", expected "
                        + Long.toHexString(BarrageUtil.FLATBUFFER_MAGIC) + ")");
            }
            ByteBuffer payload = wrapper.msgPayloadAsByteBuffer();
            if (payload == null) {
                throw ServerErrors.invalidArgument("the Barrage request has no payload");
            }
            switch (wrapper.msgType()) {
                case BarrageMessageType.BarrageSnapshotRequest ->
                        startSnapshot(BarrageSnapshotRequest.getRootAsBarrageSnapshotRequest(payload));
                case BarrageMessageType.BarrageSubscriptionRequest ->
                        startSubscription(BarrageSubscriptionRequest.getRootAsBarrageSubscriptionRequest(payload));
                default -> throw ServerErrors.invalidArgument("unsupported Barrage message type "
                        + BarrageMessageType.name(wrapper.msgType()) + " on DoExchange; send a"
                        + " BarrageSnapshotRequest or a BarrageSubscriptionRequest");
            }
        } catch (IOException e) {
            fail(ServerErrors.invalidArgument("cannot parse the DoExchange message: " + e.getMessage()));
        } catch (RuntimeException | Error e) { // Error: OutOfMemoryError must complete the call too
            fail(ServerErrors.toStatus(e));
        }
    }

    @Override
    public void onError(Throwable t) {
        onCancel();
    }

    @Override
    public void onCompleted() {
        LiveSubscriber current = subscriber;
        if (current != null) {
            current.close(Status.OK); // a client half-close unsubscribes, as on the real server
        } else if (snapshot) {
            finishSnapshot(CLIENT_HALF_CLOSED);
        } else {
            try {
                call.onCompleted(); // nothing was asked
            } catch (RuntimeException ignored) {
                // the call already ended with an error
            }
        }
    }

    private void onReady() {
        sink.onReady();
        LiveSubscriber current = subscriber;
        if (current != null) {
            current.onReady();
        }
    }

    private void onCancel() {
        sink.onCancel();
        LiveSubscriber current = subscriber;
        if (current != null) {
            current.close(null);
        }
    }

    private void fail(StatusRuntimeException failure) {
        LiveSubscriber current = subscriber;
        if (current != null) {
            current.close(failure.getStatus());
            return;
        }
        try {
            call.onError(failure);
        } catch (RuntimeException ignored) {
            // the call already ended
        }
    }

    private void startSnapshot(BarrageSnapshotRequest request) {
        Ticket ticket = ticket(request.ticketAsByteBuffer());
        TableSource source = tickets.resolveSource(session, ticket);
        BarrageSnapshotOptions options = BarrageSnapshotOptions.of(request);
        BitSet columns = request.columnsVector() == null ? null : BitSet.valueOf(request.columnsAsByteBuffer());
        RowSet viewport = request.viewportVector() == null ? null
                : BarrageProtoUtil.toRowSet(request.viewportAsByteBuffer());
        boolean reverse = request.reverseViewport();
        snapshot = true;
        writers.execute(() -> {
            try {
                engine.compute(() -> {
                    // hold the table while writing, even if its export is released meanwhile
                    LivenessScopeStack.peek().manage(source.table());
                    try {
                        arrow.writeSnapshot(source.table(), columns, viewport, reverse, options, sink);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return null;
                });
                finishSnapshot(SENT_ALL);
            } catch (RuntimeException | Error e) { // Error: OutOfMemoryError must complete the call too
                if (!sink.isCancelled()) {
                    fail(ServerErrors.toStatus(e));
                }
            } finally {
                if (viewport != null) {
                    viewport.close();
                }
            }
        });
    }

    /** Completes the snapshot stream once both sides are done, whichever finishes last. */
    private void finishSnapshot(int event) {
        if (snapshotState.accumulateAndGet(event, (state, bit) -> state | bit) == (SENT_ALL | CLIENT_HALF_CLOSED)) {
            try {
                call.onCompleted();
            } catch (RuntimeException ignored) {
                // the client went away
            }
        }
    }

    private void startSubscription(BarrageSubscriptionRequest request) {
        if (request.ticketVector() == null) {
            throw ServerErrors.invalidArgument("Ticket not specified.");
        }
        TableSource source = tickets.resolveSource(session, ticket(request.ticketAsByteBuffer()));
        if (source.table().isFailed()) {
            throw ServerErrors.failedPrecondition(source.description() + " is a table that failed: it can no"
                    + " longer update");
        }
        if (BlinkTableTools.isBlink(source.table())) {
            throw ServerErrors.failedPrecondition(source.description() + " is a blink table; the embedded server"
                    + " cannot subscribe to blink tables (subscribe to a non-blink view of it instead)");
        }
        BitSet columns = request.columnsVector() == null ? null : BitSet.valueOf(request.columnsAsByteBuffer());
        RowSet viewport = request.viewportVector() == null ? null
                : BarrageProtoUtil.toRowSet(request.viewportAsByteBuffer());
        LiveSubscriber created = new LiveSubscriber(call, BarrageSubscriptionOptions.of(request), columns, viewport,
                request.reverseViewport(), source.description());
        subscriber = created;
        Runnable released = () -> created.close(source.shared()
                ? Status.NOT_FOUND.withDescription("the table published to " + source.description() + " was"
                        + " released by its publisher (closed, or its session ended); the subscription ended")
                : Status.FAILED_PRECONDITION.withDescription(source.description() + " was released; the"
                        + " subscription ended"));
        Runnable sessionClosed = () -> created.close(Status.UNAUTHENTICATED.withDescription(session
                + " was closed or expired; the subscription ended"));
        created.onClose(() -> {
            source.export().removeOnRelease(released);
            session.removeOnClose(sessionClosed);
        });
        if (!session.onClose(sessionClosed)) {
            sessionClosed.run();
            return;
        }
        if (!source.export().onRelease(released)) {
            released.run();
            return;
        }
        if (call.isCancelled()) {
            created.close(null);
            return;
        }
        feeds.subscribe(source.table(), created);
    }

    private static Ticket ticket(ByteBuffer bytes) {
        if (bytes == null) {
            throw ServerErrors.invalidArgument("Ticket not specified.");
        }
        return Ticket.newBuilder().setTicket(ByteString.copyFrom(bytes)).build();
    }
}
