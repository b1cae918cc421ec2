package dev.deephavencdi.quarkus.deployment;

import dev.deephavencdi.cdi.InvalidConfigurationException;
import dev.deephavencdi.cdi.RequestSession;
import dev.deephavencdi.cdi.SessionName;
import dev.deephavencdi.cdi.impl.EmbeddedServerPlan;
import dev.deephavencdi.quarkus.runtime.DeephavenRecorder;
import dev.deephavencdi.quarkus.runtime.SessionNames;
import io.quarkus.arc.deployment.SyntheticBeanBuildItem;
import io.quarkus.deployment.IsNormal;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.CombinedIndexBuildItem;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.builditem.RunTimeConfigurationDefaultBuildItem;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;
import org.jboss.logging.Logger;

/** The extension's feature, its production default and what the build tells the application. */
class DeephavenProcessor {
    static final String FEATURE = "deephaven-cdi";
    private static final Logger log = Logger.getLogger(DeephavenProcessor.class);
    private static final DotName SESSION_NAME = DotName.createSimple(SessionName.class);
    private static final DotName REQUEST_SESSION = DotName.createSimple(RequestSession.class);

    @BuildStep
    FeatureBuildItem feature() {
        return new FeatureBuildItem(FEATURE);
    }

    /**
     * Production starts no embedded server unless asked to: with no host, startup fails naming
     * {@code deephaven.cdi.session.host} and {@code deephaven.cdi.embedded.enabled=true}. A default, so an
     * application's own {@code deephaven.cdi.embedded.enabled=true} wins.
     */
    @BuildStep(onlyIf = IsNormal.class)
    RunTimeConfigurationDefaultBuildItem noEmbeddedServerInProduction() {
        return new RunTimeConfigurationDefaultBuildItem(EmbeddedServerPlan.enabledKey(), "false");
    }

    @BuildStep
    @Record(ExecutionTime.STATIC_INIT)
    SyntheticBeanBuildItem sessionNames(DeephavenRecorder recorder, CombinedIndexBuildItem index,
            Optional<DevServiceSessionsBuildItem> devService) {
        Set<String> names = new TreeSet<>(injectedSessionNames(index.getIndex()));
        plan(names).ifPresent(plan -> names.addAll(plan.sessions()));
        names.add("");
        return SyntheticBeanBuildItem.configure(SessionNames.class)
                .scope(Singleton.class)
                .unremovable()
                .supplier(recorder.sessionNames(new ArrayList<>(names), devService.isPresent()))
                .done();
    }

    /** @return the names at {@code @SessionName} and {@code @RequestSession} injection points */
    static Set<String> injectedSessionNames(IndexView index) {
        Set<String> names = new TreeSet<>();
        for (DotName qualifier : new DotName[] {SESSION_NAME, REQUEST_SESSION}) {
            for (AnnotationInstance instance : index.getAnnotations(qualifier)) {
                AnnotationValue value = instance.value();
                names.add(value == null ? "" : value.asString());
            }
        }
        return names;
    }

    /**
     * @return the plan the configuration describes; empty when the configuration is invalid, which the CDI core
     *     then reports at startup with its usual message (the build does not fail twice)
     */
    static Optional<EmbeddedServerPlan> plan(Set<String> injectedNames) {
        try {
            return Optional.of(EmbeddedServerPlan.read(ConfigProvider.getConfig(), injectedNames));
        } catch (InvalidConfigurationException e) {
            log.debugf("deephaven.cdi configuration is invalid, left to the application's startup: %s",
                    e.getMessage());
            return Optional.empty();
        }
    }
}
