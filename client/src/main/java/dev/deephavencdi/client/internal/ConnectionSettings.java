package dev.deephavencdi.client.internal;

import io.deephaven.ssl.config.SSLConfig;
import io.deephaven.uri.DeephavenTarget;
import java.util.Optional;

/**
 * Validated, immutable connection settings.
 *
 * @param target the server
 * @param authentication the {@code authorization} header value the session logs in with (type and value)
 * @param ssl the TLS configuration, or null for plaintext
 */
public record ConnectionSettings(DeephavenTarget target, String authentication, SSLConfig ssl) {

    /** @return the target as users write it, e.g. {@code dh+plain://localhost:10000} */
    public String targetText() {
        return target.toString();
    }

    /** @return the authentication type alone, safe to log (the value may be a secret) */
    public String authenticationType() {
        int space = authentication.indexOf(' ');
        return space < 0 ? authentication : authentication.substring(0, space);
    }

    Optional<SSLConfig> sslConfig() {
        return Optional.ofNullable(ssl);
    }

    /** Keeps the secret out of logs and exception messages. */
    @Override
    public String toString() {
        return "ConnectionSettings[target=" + targetText() + ", authentication=" + authenticationType() + "]";
    }
}
