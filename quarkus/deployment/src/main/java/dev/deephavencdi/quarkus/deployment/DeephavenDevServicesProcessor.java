package dev.deephavencdi.quarkus.deployment;

import dev.deephavencdi.cdi.impl.EmbeddedServerPlan;
import io.quarkus.deployment.IsNormal;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.ApplicationInstanceIdBuildItem;
import io.quarkus.deployment.builditem.CombinedIndexBuildItem;
import io.quarkus.deployment.builditem.DevServicesResultBuildItem;
import io.quarkus.deployment.builditem.LaunchModeBuildItem;
import io.quarkus.deployment.dev.devservices.DevServicesConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * In dev and test mode, the embedded Deephaven server starts as a Dev Service for the sessions without a host. It
 * runs in this JVM (no container, as the H2 Dev Service) and reaches the application as configuration,
 * {@code deephaven.cdi.embedded.running-target} and {@code running-auth} (its key): the CDI core connects sessions
 * without a host there and starts nothing itself. Sessions with a host ignore those keys, so an application
 * configured for a real server is unaffected even when another application's Dev Service runs in the same JVM (a
 * test run mixing {@code @QuarkusTest} and {@code @QuarkusMainTest}), as Quarkus offers every running Dev Service's
 * configuration to every application of the launch mode. Quarkus keeps the service across live reloads while
 * {@link #identity its identity} is unchanged and lists it, with those keys, in the Dev UI's Dev Services card.
 *
 * <p>Quarkus ties an in-JVM ("owned") Dev Service to one application instance, and a {@code @TestProfile} is
 * another one: left alone, it would close the first profile's server and start its own. The server is shared
 * instead, as Quarkus shares a container another application started: its configuration carries a fingerprint of
 * its options ({@code deephaven.cdi.embedded.running-options}), and when another test application's Dev Service
 * starts ({@link EmbeddedServerStartable#start}) with options of the same fingerprint, it uses that server rather
 * than starting one. Quarkus closes the server when the test run (or dev mode) ends, as every Dev Service of the
 * launch mode. Services are named per test application so that starting the second does not close the first.
 */
class DeephavenDevServicesProcessor {
    private static final Logger log = Logger.getLogger(DeephavenDevServicesProcessor.class);
    private static final String SERVICE_NAME = "embedded-server";
    private static final String DESCRIPTION = "Embedded Deephaven-compatible server (in this JVM)";

    @BuildStep(onlyIfNot = IsNormal.class, onlyIf = DevServicesConfig.Enabled.class)
    DevServicesResultBuildItem embeddedServer(DeephavenBuildTimeConfig config, LaunchModeBuildItem launchMode,
            ApplicationInstanceIdBuildItem application, CombinedIndexBuildItem index,
            BuildProducer<DevServiceSessionsBuildItem> sessions) {
        if (!config.devservices().enabled()) {
            log.debug("Not starting the Deephaven Dev Service: quarkus.deephaven-cdi.devservices.enabled=false");
            return null;
        }
        Optional<EmbeddedServerPlan> found =
                DeephavenProcessor.plan(DeephavenProcessor.injectedSessionNames(index.getIndex()));
        if (found.isEmpty()) {
            return null;
        }
        EmbeddedServerPlan plan = found.get();
        if (!plan.enabled()) {
            log.debugf("Not starting the Deephaven Dev Service: %s=false", EmbeddedServerPlan.enabledKey());
            return null;
        }
        List<String> served = plan.sessionsWithoutHost();
        if (served.isEmpty()) {
            log.debug("Not starting the Deephaven Dev Service: every session has a host");
            return null;
        }
        sessions.produce(new DevServiceSessionsBuildItem(served));
        String identity = identity(plan);
        String fingerprint = fingerprint(identity);
        String mode = launchMode.isTest() ? "(test) " : "";
        Map<String, Function<EmbeddedServerStartable, String>> provided = new LinkedHashMap<>();
        provided.put(EmbeddedServerPlan.runningTargetKey(), EmbeddedServerStartable::target);
        provided.put(EmbeddedServerPlan.runningAuthenticationKey(), EmbeddedServerStartable::authentication);
        provided.put(EmbeddedServerPlan.runningOptionsKey(), EmbeddedServerStartable::fingerprint);
        return DevServicesResultBuildItem.<EmbeddedServerStartable>owned()
                .feature(DeephavenProcessor.FEATURE)
                .serviceName(serviceName(launchMode, application))
                .description(DESCRIPTION)
                .serviceConfig(identity)
                .startable(() -> new EmbeddedServerStartable(plan.options(), fingerprint,
                        launchMode.getLaunchMode().name()))
                .configProvider(provided)
                .postStartHook(server -> log.infof(server.isShared()
                        ? "%sDev Services for Deephaven: using the embedded server on %s (port %d), which another"
                                + " application of this JVM started with the same options, for %s"
                        : "%sDev Services for Deephaven started the embedded server on %s (port %d) for %s",
                        mode, server.target(), server.port(), describe(served)))
                .build();
    }

    /**
     * What decides whether a running Dev Service can be kept: the server's options. A plain string, so it compares
     * equal across class loaders.
     */
    static String identity(EmbeddedServerPlan plan) {
        return plan.options().toString();
    }

    /**
     * A fingerprint of the options that can stand in configuration: the options hold the pre-shared key, which
     * the configuration should not repeat.
     */
    static String fingerprint(String identity) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * Quarkus closes every running service of a feature and service name before it starts one for another
     * application instance; a name of each test application's own lets a second test profile find the first one's
     * server still running. Dev mode has one application, kept across live reloads, and the plain name.
     */
    private static String serviceName(LaunchModeBuildItem launchMode, ApplicationInstanceIdBuildItem application) {
        return launchMode.isTest()
                ? SERVICE_NAME + " (test application " + application.getUUID() + ")"
                : SERVICE_NAME;
    }

    private static String describe(List<String> sessions) {
        return sessions.stream().map(name -> name.isEmpty() ? "the default session" : "session '" + name + "'")
                .toList().toString();
    }
}
