package dev.deephavencdi.rest;

import dev.deephavencdi.cdi.InvalidConfigurationException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.ConfigValue;

/**
 * The {@code deephaven.cdi.rest.*} configuration, owned by this module (the CDI core leaves the namespace to it):
 * read and validated at container startup, so a typo or a bad value fails startup with a message naming the key.
 */
@ApplicationScoped
class RestConfiguration {
    static final String PREFIX = "deephaven.cdi.rest.";
    static final String MAX_PREVIEW_ROWS = "max-preview-rows";
    /** Every key under {@link #PREFIX}. */
    static final List<String> KEYS = List.of(MAX_PREVIEW_ROWS);
    static final int DEFAULT_MAX_PREVIEW_ROWS = 10_000;

    private volatile Integer maxPreviewRows;

    void onStartup(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.LIBRARY_BEFORE) Startup startup) {
        maxPreviewRows();
    }

    /** @return the largest {@code limit} the row preview accepts */
    int maxPreviewRows() {
        Integer known = maxPreviewRows;
        if (known == null) {
            known = read(ConfigProvider.getConfig());
            maxPreviewRows = known;
        }
        return known;
    }

    /**
     * @throws InvalidConfigurationException for an unknown key under {@link #PREFIX} or a bad value
     */
    static int read(Config config) {
        for (String key : config.getPropertyNames()) {
            // as in the CDI core: unknown keys that come only from environment variables are not ours to refuse
            if (key.startsWith(PREFIX) && !KEYS.contains(key.substring(PREFIX.length()))
                    && !fromEnvironment(config, key)) {
                throw new InvalidConfigurationException(key, "unknown configuration key; known keys under "
                        + PREFIX + " are " + KEYS);
            }
        }
        String key = PREFIX + MAX_PREVIEW_ROWS;
        Optional<String> text = config.getOptionalValue(key, String.class).map(String::strip);
        if (text.isEmpty()) {
            return DEFAULT_MAX_PREVIEW_ROWS;
        }
        if (text.get().isEmpty()) {
            throw new InvalidConfigurationException(key, "is empty; remove it or give a value");
        }
        try {
            int rows = Integer.parseInt(text.get());
            if (rows > 0) {
                return rows;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidConfigurationException(key, "'" + text.get() + "' is not a positive number of rows");
    }

    private static boolean fromEnvironment(Config config, String key) {
        ConfigValue value = config.getConfigValue(key);
        String source = value == null ? null : value.getSourceName();
        return source != null && source.toLowerCase(Locale.ROOT).contains("env");
    }
}
