package dev.deephavencdi.server.internal.grpc;

import dev.deephavencdi.proto.Protocol;
import dev.deephavencdi.server.internal.auth.Authenticator;
import dev.deephavencdi.server.internal.auth.CallSession;
import io.deephaven.proto.backplane.grpc.AuthenticationConstantsRequest;
import io.deephaven.proto.backplane.grpc.AuthenticationConstantsResponse;
import io.deephaven.proto.backplane.grpc.ConfigServiceGrpc;
import io.deephaven.proto.backplane.grpc.ConfigValue;
import io.deephaven.proto.backplane.grpc.ConfigurationConstantsRequest;
import io.deephaven.proto.backplane.grpc.ConfigurationConstantsResponse;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code ConfigService}. Both official clients log in with {@code GetConfigurationConstants} (the interceptor
 * creates the session from the {@code authorization} header) and call it again as their keep-alive, which is
 * what refreshes the session token. The constants mirror the real server's defaults; clients need only
 * {@code http.session.durationMs}.
 */
public final class ConfigService extends ConfigServiceGrpc.ConfigServiceImplBase {
    private final ConfigurationConstantsResponse configuration;
    private final AuthenticationConstantsResponse authentication;

    public ConfigService(Duration sessionDuration, boolean preSharedKeyRequired) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("java.version", System.getProperty("java.version"));
        values.put("deephaven.version", Protocol.DEEPHAVEN_VERSION);
        values.put("barrage.version", Protocol.BARRAGE_VERSION);
        values.put("http.session.durationMs", Long.toString(sessionDuration.toMillis()));
        values.put("file.separator", System.getProperty("file.separator"));
        values.put("web.webgl", "true");
        values.put("web.flattenViewports", "false");
        this.configuration = ConfigurationConstantsResponse.newBuilder().putAllConfigValues(asConfigValues(values))
                .build();
        String handlers = preSharedKeyRequired ? Authenticator.PRE_SHARED_KEY
                : "io.deephaven.auth.AnonymousAuthenticationHandler";
        this.authentication = AuthenticationConstantsResponse.newBuilder()
                .putAllConfigValues(asConfigValues(Map.of("AuthHandlers", handlers)))
                .build();
    }

    @Override
    public void getAuthenticationConstants(AuthenticationConstantsRequest request,
            StreamObserver<AuthenticationConstantsResponse> responses) {
        Unary.respond(responses, () -> authentication);
    }

    @Override
    public void getConfigurationConstants(ConfigurationConstantsRequest request,
            StreamObserver<ConfigurationConstantsResponse> responses) {
        Unary.respond(responses, () -> {
            CallSession.require();
            return configuration;
        });
    }

    private static Map<String, ConfigValue> asConfigValues(Map<String, String> values) {
        Map<String, ConfigValue> result = new LinkedHashMap<>();
        values.forEach((key, value) -> result.put(key, ConfigValue.newBuilder().setStringValue(value).build()));
        return result;
    }
}
