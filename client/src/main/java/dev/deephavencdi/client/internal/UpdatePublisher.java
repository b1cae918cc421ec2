package dev.deephavencdi.client.internal;

import dev.deephavencdi.client.DeephavenException;
import dev.deephavencdi.client.TableUpdate;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

/**
 * {@link Flow.Publisher} of a table's updates: every {@code subscribe} opens its own Barrage subscription, in the
 * background, after handing the subscriber its {@link Flow.Subscription}. Updates go out as the subscriber
 * requests them; while it has no demand they are merged (see {@link UpdateDelivery}), so a slow subscriber holds
 * one pending update and never an unbounded queue. {@code cancel()} closes the subscription; errors, including a
 * failure to subscribe, arrive as {@code onError} with a {@link DeephavenException}; a closed session ends it
 * with {@code onComplete}. Thread-safe.
 */
final class UpdatePublisher implements Flow.Publisher<TableUpdate> {
    private final Executor executor;
    private final Function<UpdateDelivery, LiveSubscription> opener;

    /** @param opener opens a subscription delivering to the given delivery; throws DeephavenException */
    UpdatePublisher(Executor executor, Function<UpdateDelivery, LiveSubscription> opener) {
        this.executor = executor;
        this.opener = opener;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super TableUpdate> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        FlowSubscription subscription = new FlowSubscription(subscriber);
        subscriber.onSubscribe(subscription);
        try {
            executor.execute(subscription::open);
        } catch (RejectedExecutionException e) {
            subscription.delivery.fail(new DeephavenException(io.grpc.Status.Code.CANCELLED,
                    "cannot subscribe: the client was closed", e));
        }
    }

    private final class FlowSubscription implements Flow.Subscription, UpdateDelivery.Sink {
        private final Flow.Subscriber<? super TableUpdate> subscriber;
        private final UpdateDelivery delivery;
        private LiveSubscription live; // guarded by this
        private boolean cancelled; // guarded by this

        FlowSubscription(Flow.Subscriber<? super TableUpdate> subscriber) {
            this.subscriber = subscriber;
            this.delivery = new UpdateDelivery(executor, this, 0);
        }

        void open() {
            synchronized (this) {
                if (cancelled) {
                    return;
                }
            }
            LiveSubscription opened;
            try {
                opened = opener.apply(delivery);
            } catch (DeephavenException e) {
                delivery.fail(e);
                return;
            }
            boolean cancelledMeanwhile;
            synchronized (this) {
                live = opened;
                cancelledMeanwhile = cancelled;
            }
            if (cancelledMeanwhile) {
                opened.close();
            }
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                // Reactive Streams rule 3.9: end with an error
                DeephavenException invalid = new DeephavenException(io.grpc.Status.Code.INVALID_ARGUMENT,
                        "Flow.Subscription.request needs a positive count, got " + n, null);
                LiveSubscription current;
                synchronized (this) {
                    cancelled = true;
                    current = live;
                }
                if (current != null) {
                    current.closeWithError(invalid);
                } else {
                    delivery.fail(invalid);
                }
                return;
            }
            delivery.request(n);
        }

        @Override
        public void cancel() {
            LiveSubscription current;
            synchronized (this) {
                cancelled = true;
                current = live;
            }
            if (current != null) {
                current.close();
            } else {
                delivery.cancel();
            }
        }

        @Override
        public void onUpdate(TableUpdate update) {
            subscriber.onNext(update);
        }

        @Override
        public void onError(DeephavenException error) {
            subscriber.onError(error);
        }

        @Override
        public void onComplete() {
            subscriber.onComplete();
        }
    }
}
