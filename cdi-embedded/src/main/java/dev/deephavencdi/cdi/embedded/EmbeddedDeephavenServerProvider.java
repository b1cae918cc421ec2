package dev.deephavencdi.cdi.embedded;

import dev.deephavencdi.cdi.spi.EmbeddedServerOptions;
import dev.deephavencdi.cdi.spi.EmbeddedServerProvider;
import dev.deephavencdi.server.EmbeddedDeephavenServer;

/**
 * Provides {@link EmbeddedDeephavenServer} to the CDI core, which finds this class with
 * {@link java.util.ServiceLoader}: having this artifact on the class path is what makes sessions without a host
 * work. Stateless; each {@link #start} starts a new server.
 */
public final class EmbeddedDeephavenServerProvider implements EmbeddedServerProvider {

    /** For {@link java.util.ServiceLoader}. */
    public EmbeddedDeephavenServerProvider() {}

    @Override
    public EmbeddedServer start(EmbeddedServerOptions options) {
        return new Started(startServer(options));
    }

    /**
     * Starts a server as {@link #start} does and returns it as itself, for callers that also read its
     * {@link EmbeddedDeephavenServer#stats() statistics} (the Quarkus extension's Dev Service and Dev UI card).
     */
    public EmbeddedDeephavenServer startServer(EmbeddedServerOptions options) {
        EmbeddedDeephavenServer.Builder builder = EmbeddedDeephavenServer.builder()
                .host(options.host())
                .port(options.port())
                .sessionDuration(options.sessionDuration())
                .updateCycle(options.updateCycle())
                .formulaAllowList(options.formulaAllowList())
                .allowFormulaClasses(options.allowedFormulaClasses().toArray(String[]::new))
                .allowFormulaMethods(options.allowedFormulaMethods().toArray(String[]::new));
        options.compilerCacheDirectory().ifPresent(builder::compilerCacheDirectory);
        options.preSharedKey().ifPresent(builder::preSharedKey);
        if (options.anonymous()) {
            builder.anonymousAccess();
        }
        options.maxRequestMemory().ifPresent(builder::maxRequestMemory);
        options.maxSessionMemory().ifPresent(builder::maxSessionMemory);
        return builder.start();
    }

    private record Started(EmbeddedDeephavenServer server) implements EmbeddedServer {
        @Override
        public String target() {
            return server.target();
        }

        @Override
        public int port() {
            return server.port();
        }

        @Override
        public String authentication() {
            return server.authentication();
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
