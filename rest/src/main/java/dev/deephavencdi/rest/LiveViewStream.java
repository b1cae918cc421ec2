package dev.deephavencdi.rest;

import dev.deephavencdi.client.DeephavenException;
import dev.deephavencdi.client.Table;
import dev.deephavencdi.client.TableListener;
import dev.deephavencdi.client.TableSubscription;
import dev.deephavencdi.client.TableUpdate;
import dev.deephavencdi.rest.model.UpdateEvent;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams the tail of a published table to one server-sent-events client: the server keeps a tail view live and
 * the client library subscribes to it, so every tick becomes one event with the newest rows. Ends, releasing the
 * view, when the HTTP client goes away, the table's session closes, or the table stops (an {@code error} event).
 * Ticks the client is too slow for are merged by the subscription, never queued.
 */
final class LiveViewStream implements TableListener {
    private static final Logger log = LoggerFactory.getLogger(LiveViewStream.class);

    private final String name;
    private final int rows;
    private final SseEventSink sink;
    private final Sse sse;
    private final Table view;
    private final boolean endAfterInitialView;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile TableSubscription subscription;

    private LiveViewStream(String name, int rows, Table view, boolean endAfterInitialView, SseEventSink sink,
            Sse sse) {
        this.name = name;
        this.rows = rows;
        this.view = view;
        this.endAfterInitialView = endAfterInitialView;
        this.sink = sink;
        this.sse = sse;
    }

    /**
     * Starts streaming: the initial view goes out as soon as the subscription has its snapshot.
     *
     * @throws DeephavenException if the server refuses the subscription
     */
    static void start(String name, Table published, int rows, SseEventSink sink, Sse sse) {
        Table view = published.tail(rows);
        // the initial view is all a static table will ever send
        LiveViewStream stream = new LiveViewStream(name, rows, view, published.isStatic(), sink, sse);
        try {
            view.subscribe(stream); // the subscription reaches the stream through onSubscribe
        } catch (RuntimeException e) {
            view.close();
            throw e;
        }
    }

    @Override
    public void onSubscribe(TableSubscription subscription) {
        this.subscription = subscription; // before the first update, which can come before subscribe() returns
    }

    @Override
    public void onUpdate(TableUpdate update) {
        TableSubscription current = subscription;
        if (closed.get()) {
            return;
        }
        if (sink.isClosed()) {
            close();
            return;
        }
        List<Map<String, Object>> newest = current.isClosed() ? List.of()
                : current.rows(rows).stream().map(JsonValues::row).toList();
        UpdateEvent event = new UpdateEvent(update.added(), update.removed(), update.modified(),
                update.modifiedColumns().stream().sorted().toList(), update.size(), update.merged(), newest);
        CompletionStage<?> sent = send(sse.newEventBuilder()
                .name("update")
                .id(Long.toString(sequence.getAndIncrement()))
                .mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(UpdateEvent.class, event)
                .build());
        if (endAfterInitialView) {
            sent.whenComplete((ignored, failure) -> close());
        }
    }

    @Override
    public void onError(DeephavenException error) {
        if (!sink.isClosed()) {
            send(sse.newEventBuilder().name("error").mediaType(MediaType.TEXT_PLAIN_TYPE)
                    .data(String.class, "the live view of '" + name + "' ended: " + error.getMessage()).build());
        }
        close();
    }

    @Override
    public void onComplete() {
        close();
    }

    private CompletionStage<?> send(OutboundSseEvent event) {
        return sink.send(event).whenComplete((ignored, failure) -> {
            if (failure != null) {
                log.debug("live view of '{}' stopped: the client went away ({})", name, failure.toString());
                close();
            }
        });
    }

    private void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        TableSubscription current = subscription;
        if (current != null) {
            current.close();
        }
        view.close();
        if (!sink.isClosed()) {
            sink.close();
        }
    }
}
