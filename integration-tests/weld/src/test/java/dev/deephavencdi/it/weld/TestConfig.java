package dev.deephavencdi.it.weld;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;

/**
 * Installs a MicroProfile Config for the containers a test starts, as an application's
 * {@code microprofile-config.properties} would provide it. Close it to go back to the default configuration.
 */
final class TestConfig implements AutoCloseable {
    private final SmallRyeConfig config;

    private TestConfig(Map<String, String> properties) {
        this.config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        ConfigProviderResolver resolver = ConfigProviderResolver.instance();
        // drop the default configuration an earlier container may have created for this class loader
        resolver.releaseConfig(resolver.getConfig(loader));
        resolver.registerConfig(config, loader);
    }

    static TestConfig install(Map<String, String> properties) {
        return new TestConfig(properties);
    }

    @Override
    public void close() {
        ConfigProviderResolver.instance().releaseConfig(config);
    }
}
