package dev.deephavencdi.cdi.impl;

import dev.deephavencdi.cdi.spi.EmbeddedServerOptions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.config.Config;

/**
 * What the {@code deephaven.cdi.*} configuration asks of an embedded server that something outside the container
 * starts for it: the Quarkus extension starts one as a Dev Service at build time and hands the application its target
 * and key as {@code deephaven.cdi.embedded.running-target} and {@code running-auth}; sessions without a host then
 * connect there and the container itself starts nothing (sessions with a host are unaffected, whatever else the
 * running Dev Services provide). The CDI core reads and validates the configuration exactly as at
 * container startup. Immutable.
 */
public final class EmbeddedServerPlan {
    private final boolean enabled;
    private final EmbeddedServerOptions options;
    private final List<String> sessions;
    private final List<String> sessionsWithoutHost;

    private EmbeddedServerPlan(boolean enabled, EmbeddedServerOptions options, List<String> sessions,
            List<String> sessionsWithoutHost) {
        this.enabled = enabled;
        this.options = options;
        this.sessions = List.copyOf(sessions);
        this.sessionsWithoutHost = List.copyOf(sessionsWithoutHost);
    }

    /**
     * @param config the application's configuration
     * @param injectedNames session names used at injection points but maybe not in the configuration
     * @throws dev.deephavencdi.cdi.InvalidConfigurationException for an unknown key or a bad value
     */
    public static EmbeddedServerPlan read(Config config, Collection<String> injectedNames) {
        DeephavenConfiguration configuration = DeephavenConfiguration.read(config);
        Set<String> names = new TreeSet<>(injectedNames);
        names.add("");
        for (SessionSettings session : configuration.sessions()) {
            names.add(session.name());
        }
        List<String> withoutHost = new ArrayList<>();
        for (String name : names) {
            if (configuration.session(name).usesEmbeddedServer()) {
                withoutHost.add(name);
            }
        }
        EmbeddedSettings embedded = configuration.embedded();
        return new EmbeddedServerPlan(embedded.enabled(), embedded.options(), new ArrayList<>(names), withoutHost);
    }

    /** @return whether an embedded server may start ({@code deephaven.cdi.embedded.enabled}) */
    public boolean enabled() {
        return enabled;
    }

    /** @return what the {@code deephaven.cdi.embedded.*} keys ask of the server */
    public EmbeddedServerOptions options() {
        return options;
    }

    /** @return every session name, configured or injected ({@code ""} for the default session), sorted */
    public List<String> sessions() {
        return sessions;
    }

    /** @return the sessions without a host or target, by name ({@code ""} for the default session), sorted */
    public List<String> sessionsWithoutHost() {
        return sessionsWithoutHost;
    }

    /** @return {@code deephaven.cdi.embedded.running-target}: where a server started outside the container runs */
    public static String runningTargetKey() {
        return ConfigKeys.embeddedKey(ConfigKeys.RUNNING_TARGET);
    }

    /** @return {@code deephaven.cdi.embedded.running-auth}: the authentication its clients present */
    public static String runningAuthenticationKey() {
        return ConfigKeys.embeddedKey(ConfigKeys.RUNNING_AUTH);
    }

    /**
     * @return {@code deephaven.cdi.embedded.running-options}: a fingerprint of the options of the server at
     *         {@link #runningTargetKey()}, for a second application of the same JVM to compare with its own
     */
    public static String runningOptionsKey() {
        return ConfigKeys.embeddedKey(ConfigKeys.RUNNING_OPTIONS);
    }

    /** @return {@code deephaven.cdi.embedded.enabled} */
    public static String enabledKey() {
        return ConfigKeys.embeddedKey(ConfigKeys.ENABLED);
    }
}
