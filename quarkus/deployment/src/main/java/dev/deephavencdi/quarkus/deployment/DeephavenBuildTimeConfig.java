package dev.deephavencdi.quarkus.deployment;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Build-time configuration of the deephaven-cdi Quarkus extension. The sessions and the embedded server itself are
 * configured with the portable {@code deephaven.cdi.*} keys, read at run time by the CDI core.
 */
@ConfigMapping(prefix = "quarkus.deephaven-cdi")
@ConfigRoot(phase = ConfigPhase.BUILD_TIME)
public interface DeephavenBuildTimeConfig {

    /** The embedded Deephaven server as a Dev Service. */
    DevServices devservices();

    /** The embedded Deephaven server as a Dev Service. */
    interface DevServices {
        /**
         * Whether, in dev and test mode, the embedded Deephaven server starts as a Dev Service when a session has no
         * {@code deephaven.cdi.session.host} (or {@code .target}). It is started with the
         * {@code deephaven.cdi.embedded.*} settings, one per application, shared by test profiles and kept across live
         * reloads while those settings are unchanged. When disabled, such sessions get an embedded server that the
         * application starts itself (unless {@code deephaven.cdi.embedded.enabled=false}).
         */
        @WithDefault("true")
        boolean enabled();
    }
}
