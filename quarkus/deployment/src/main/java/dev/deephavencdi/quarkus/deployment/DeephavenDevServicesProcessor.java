package dev.deephavencdi.quarkus.deployment;

import dev.deephavencdi.cdi.impl.EmbeddedServerPlan;
import io.quarkus.deployment.IsNormal;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.CombinedIndexBuildItem;
import io.quarkus.deployment.builditem.DevServicesResultBuildItem;
import io.quarkus.deployment.builditem.LaunchModeBuildItem;
import io.quarkus.deployment.dev.devservices.DevServicesConfig;
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
 */
class DeephavenDevServicesProcessor {
    private static final Logger log = Logger.getLogger(DeephavenDevServicesProcessor.class);

    @BuildStep(onlyIfNot = IsNormal.class, onlyIf = DevServicesConfig.Enabled.class)
    DevServicesResultBuildItem embeddedServer(DeephavenBuildTimeConfig config, LaunchModeBuildItem launchMode,
            CombinedIndexBuildItem index, BuildProducer<DevServiceSessionsBuildItem> sessions) {
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
        Map<String, Function<EmbeddedServerStartable, String>> provided = new LinkedHashMap<>();
        provided.put(EmbeddedServerPlan.runningTargetKey(), EmbeddedServerStartable::target);
        provided.put(EmbeddedServerPlan.runningAuthenticationKey(), EmbeddedServerStartable::authentication);
        String mode = launchMode.isTest() ? "(test) " : "";
        return DevServicesResultBuildItem.<EmbeddedServerStartable>owned()
                .feature(DeephavenProcessor.FEATURE)
                .serviceName("embedded-server")
                .description("Embedded Deephaven-compatible server (in this JVM)")
                .serviceConfig(identity(plan))
                .startable(() -> new EmbeddedServerStartable(plan.options()))
                .configProvider(provided)
                .postStartHook(server -> log.infof("%sDev Services for Deephaven started the embedded server on %s"
                        + " (port %d) for %s", mode, server.target(), server.port(), describe(served)))
                .build();
    }

    /**
     * What decides whether a running Dev Service can be kept: the server's options. A plain string, so it compares
     * equal across class loaders.
     */
    static String identity(EmbeddedServerPlan plan) {
        return plan.options().toString();
    }

    private static String describe(List<String> sessions) {
        return sessions.stream().map(name -> name.isEmpty() ? "the default session" : "session '" + name + "'")
                .toList().toString();
    }
}
