package dev.deephavencdi.it.weld;

import dev.deephavencdi.cdi.TablePublished;
import dev.deephavencdi.cdi.TableReleased;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records the registry's CDI events. */
@ApplicationScoped
public class TicketEvents {
    private final List<Object> events = new CopyOnWriteArrayList<>();

    void published(@Observes TablePublished event) {
        events.add(event);
    }

    void released(@Observes TableReleased event) {
        events.add(event);
    }

    public List<Object> events() {
        return List.copyOf(events);
    }
}
