package dev.deephavencdi.quarkus.runtime;

import java.util.List;

/**
 * The session names the build found: the default session ({@code ""}), names in {@code deephaven.cdi.session.*}
 * keys and names at {@code @SessionName} / {@code @RequestSession} injection points. A synthetic bean recorded at
 * build time; immutable.
 *
 * @param names sorted, the default session first
 * @param devService whether sessions without a host connect to the Dev Service (dev and test mode) rather than to
 *     an embedded server the application starts itself
 */
public record SessionNames(List<String> names, boolean devService) {
    public SessionNames {
        names = List.copyOf(names);
    }
}
