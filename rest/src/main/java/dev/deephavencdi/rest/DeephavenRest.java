package dev.deephavencdi.rest;

import java.util.Set;

/** The JAX-RS classes of the ticket endpoints, for applications that register their classes explicitly. */
public final class DeephavenRest {
    private DeephavenRest() {}

    /**
     * @return the resource and provider classes to return from {@code jakarta.ws.rs.core.Application#getClasses()}
     */
    public static Set<Class<?>> classes() {
        return Set.of(TicketsResource.class, LiveViewPage.class, DeephavenExceptionMapper.class);
    }
}
