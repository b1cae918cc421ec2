package dev.deephavencdi.quarkus.runtime;

import io.quarkus.runtime.annotations.Recorder;
import java.util.List;
import java.util.function.Supplier;

/** Carries what the build learnt into the application: bytecode recorded at build time, replayed at startup. */
@Recorder
public class DeephavenRecorder {

    /** @return the supplier of the {@link SessionNames} bean */
    public Supplier<SessionNames> sessionNames(List<String> names, boolean devService) {
        SessionNames value = new SessionNames(names, devService);
        return () -> value;
    }
}
