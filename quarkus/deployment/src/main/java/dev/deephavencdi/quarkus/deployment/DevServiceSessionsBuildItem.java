package dev.deephavencdi.quarkus.deployment;

import io.quarkus.builder.item.SimpleBuildItem;
import java.util.List;

/** The sessions the Dev Service serves: those without a host or target. */
final class DevServiceSessionsBuildItem extends SimpleBuildItem {
    private final List<String> sessions;

    DevServiceSessionsBuildItem(List<String> sessions) {
        this.sessions = List.copyOf(sessions);
    }

    List<String> sessions() {
        return sessions;
    }
}
