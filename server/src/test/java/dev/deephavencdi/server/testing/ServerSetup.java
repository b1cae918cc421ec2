package dev.deephavencdi.server.testing;

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
    static final String ANONYMOUS = "Anonymous";
    static final String PRE_SHARED_KEY_HANDLER = "io.deephaven.authentication.psk.PskAuthenticationHandler";

    private final List<Consumer<EmbeddedDeephavenServer.Builder>> options = new ArrayList<>();
    private String preSharedKey;

    void configure(Consumer<EmbeddedDeephavenServer.Builder> option) {
        options.add(Objects.requireNonNull(option, "option"));
    }

    void preSharedKey(String key) {
        this.preSharedKey = Objects.requireNonNull(key, "key");
    }

    StartedServer start() {
        EmbeddedDeephavenServer.Builder builder = EmbeddedDeephavenServer.builder().port(0);
        options.forEach(option -> option.accept(builder));
        String authentication = ANONYMOUS;
        if (preSharedKey != null) {
            builder.preSharedKey(preSharedKey);
            authentication = PRE_SHARED_KEY_HANDLER + " " + preSharedKey;
        }
        return new StartedServer(builder.start(), authentication);
    }
}
