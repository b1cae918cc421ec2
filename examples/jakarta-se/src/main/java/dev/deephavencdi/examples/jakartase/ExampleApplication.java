package dev.deephavencdi.examples.jakartase;

import dev.deephavencdi.rest.DeephavenRest;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import java.util.Set;

/**
 * The Jakarta REST application: exactly the library's ticket endpoints, registered explicitly. Jersey's Weld
 * integration (jersey-weld2-se) serves {@code TicketsResource} from the CDI container, so its
 * {@code @Inject PublishedTickets} is the container's registry.
 */
public class ExampleApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return DeephavenRest.classes();
    }

    @Override
    public Map<String, Object> getProperties() {
        // WADL needs JAXB, which this application does not ship
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}
