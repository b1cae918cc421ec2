package dev.deephavencdi.proto;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The wire constants client and server share, and the protocol versions this project speaks, in one place. The
 * versions come from the build (the parent pom's {@code deephaven.version} and {@code barrage.version}), so they
 * cannot drift from the Deephaven artifacts on the class path.
 */
public final class Protocol {
    /** The port a Deephaven server listens on by default. */
    public static final int DEFAULT_PORT = 10000;

    /** The anonymous authentication type (no value), Deephaven's default. */
    public static final String ANONYMOUS = "Anonymous";

    /** The authentication type of Deephaven's pre-shared key handler; its value is the key. */
    public static final String PRE_SHARED_KEY_HANDLER = "io.deephaven.authentication.psk.PskAuthenticationHandler";

    /** The Deephaven version whose protocol and engine this project uses, e.g. {@code 0.40.7}. */
    public static final String DEEPHAVEN_VERSION;

    /** The Barrage format version that Deephaven version speaks, e.g. {@code 0.7.2}. */
    public static final String BARRAGE_VERSION;

    static {
        Properties versions = new Properties();
        try (InputStream in = Protocol.class.getResourceAsStream("versions.properties")) {
            if (in == null) {
                throw new IllegalStateException("versions.properties is missing from deephaven-cdi-proto");
            }
            versions.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the protocol versions", e);
        }
        DEEPHAVEN_VERSION = versions.getProperty("deephaven.version");
        BARRAGE_VERSION = versions.getProperty("barrage.version");
    }

    private Protocol() {}
}
