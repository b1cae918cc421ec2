package dev.deephavencdi.cdi;

/**
 * A {@code deephaven.cdi.*} configuration value is missing, malformed or unknown. Thrown at container startup;
 * the message names the key, the value found and what is allowed.
 */
public final class InvalidConfigurationException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String key;

    public InvalidConfigurationException(String key, String message) {
        super(key + ": " + message);
        this.key = key;
    }

    /** @return the configuration key at fault */
    public String key() {
        return key;
    }
}
