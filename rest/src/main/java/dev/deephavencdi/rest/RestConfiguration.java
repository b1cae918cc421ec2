package dev.deephavencdi.rest;

import dev.deephavencdi.cdi.InvalidConfigurationException;
import dev.deephavencdi.cdi.impl.ConfigNamespace;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

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
        ConfigNamespace.requireKnownKeys(config, PREFIX, KEYS);
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
}
