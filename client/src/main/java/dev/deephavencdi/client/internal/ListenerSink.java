package dev.deephavencdi.client.internal;

import dev.deephavencdi.client.DeephavenException;
import dev.deephavencdi.client.TableListener;
import dev.deephavencdi.client.TableSubscription;
import dev.deephavencdi.client.TableUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TableListener} as the consumer of an {@link UpdateDelivery}: its first call is
 * {@link TableListener#onSubscribe}. The delivery calls it one call at a time, and starts only after
 * {@link #subscribedTo} (which is what makes the plain fields safe).
 */
final class ListenerSink implements UpdateDelivery.Sink {
    private static final Logger log = LoggerFactory.getLogger(ListenerSink.class);

    private final TableListener listener;
    private TableSubscription subscription;
    private boolean announced;

    ListenerSink(TableListener listener) {
        this.listener = listener;
    }

    /** Called before the delivery starts. */
    void subscribedTo(TableSubscription subscription) {
        this.subscription = subscription;
    }

    @Override
    public void onUpdate(TableUpdate update) {
        announce();
        listener.onUpdate(update);
    }

    @Override
    public void onError(DeephavenException error) {
        announce();
        listener.onError(error);
    }

    @Override
    public void onComplete() {
        announce();
        listener.onComplete();
    }

    private void announce() {
        if (announced) {
            return;
        }
        announced = true;
        try {
            listener.onSubscribe(subscription);
        } catch (RuntimeException e) {
            log.warn("a table listener's onSubscribe threw; its updates go on", e);
        }
    }
}
