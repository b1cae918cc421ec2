package dev.deephavencdi.server.testing;

import dev.deephavencdi.proto.Protocol;
import dev.deephavencdi.server.EmbeddedDeephavenServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How a test's server is started, and so what its clients must present: the one place the tests' server options
 * and credentials are decided. Port 0 (any free port) always.
 */
final class ServerSetup {
    private final List<Consumer<EmbeddedDeephavenServer.Builder>> options = new ArrayList<>();
    private String preSharedKey;

    void configure(Consumer<EmbeddedDeephavenServer.Builder> option) {
        options.add(Objects.requireNonNull(option, "option"));
    }

    void preSharedKey(String key) {
        this.preSharedKey = Objects.requireNonNull(key, "key");
    }

    /**
     * Starts the server as configured, safe by default: without {@link #preSharedKey} (or an option choosing
     * anonymous access) it generates its own key, and the clients present whatever the server requires.
     */
    StartedServer start() {
        EmbeddedDeephavenServer.Builder builder = EmbeddedDeephavenServer.builder().port(0);
        options.forEach(option -> option.accept(builder));
        if (preSharedKey != null) {
            builder.preSharedKey(preSharedKey);
        }
        EmbeddedDeephavenServer server = builder.start();
        return new StartedServer(server, server.authentication());
    }
}
