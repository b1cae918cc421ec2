package dev.deephavencdi.server;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs an {@link EmbeddedDeephavenServer} until the process is stopped (Ctrl-C or SIGTERM).
 *
 * <pre>
 * ./mvnw -q -pl server -am compile exec:java -Dexec.args="--port 10000"
 * </pre>
 *
 * Options: {@code --port N} (default 10000, 0 for any free port), {@code --host ADDRESS} (default 127.0.0.1),
 * {@code --session-duration D} (e.g. {@code 300s}, {@code 5m}, {@code PT5M}; default 5m), {@code --psk KEY}
 * (require Deephaven's pre-shared key authentication).
 */
public final class EmbeddedDeephavenServerMain {
    private EmbeddedDeephavenServerMain() {}

    public static void main(String[] args) throws InterruptedException {
        EmbeddedDeephavenServer.Builder builder;
        try {
            builder = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        if (builder == null) {
            System.out.println(usage());
            return;
        }
        EmbeddedDeephavenServer server = builder.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "deephaven-cdi-shutdown"));
        System.out.println("Deephaven-compatible server listening on " + server.target()
                + " (port " + server.port() + "); press Ctrl-C to stop");
        System.out.flush();
        stopped.await();
    }

    /** @return the configured builder, or null when help was asked for */
    static EmbeddedDeephavenServer.Builder parse(String[] args) {
        EmbeddedDeephavenServer.Builder builder = EmbeddedDeephavenServer.builder();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--help") || option.equals("-h")) {
                return null;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--port" -> builder.port(parsePort(value));
                case "--host" -> builder.host(value);
                case "--session-duration" -> builder.sessionDuration(parseDuration(value));
                case "--psk" -> builder.preSharedKey(value);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        return builder;
    }

    private static int parsePort(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port takes a number, got '" + value + "'");
        }
    }

    private static Duration parseDuration(String value) {
        try {
            return DurationParser.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--session-duration: " + e.getMessage());
        }
    }

    private static String usage() {
        return "usage: EmbeddedDeephavenServerMain [--port 10000] [--host 127.0.0.1] [--session-duration 5m]"
                + " [--psk KEY]";
    }
}
