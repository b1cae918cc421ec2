package dev.deephavencdi.examples.jakartaee;

import dev.deephavencdi.rest.DeephavenRest;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/** The ticket endpoints, opted in explicitly: {@code GET /<context>/deephaven/tickets/prices} and friends. */
@ApplicationPath("/")
public class DeephavenApplication extends Application {
    @Override
    public Set<Class<?>> getClasses() {
        return DeephavenRest.classes();
    }
}
