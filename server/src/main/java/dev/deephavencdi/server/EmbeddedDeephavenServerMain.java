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
 * {@code --session-duration D} (e.g. {@code 300s}, {@code 5m}, {@code PT5M}; default 5m), {@code --psk KEY} (the
 * pre-shared key; without it a random key is generated and printed), {@code --anonymous}, the formula allow list's
 * {@code --allow-formula-class}, {@code --allow-formula-method}, {@code --no-formula-allow-list}, and the memory
 * budgets {@code --max-request-memory}, {@code --max-session-memory}; {@code --help} lists them.
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
            switch (option) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--anonymous" -> builder.anonymousAccess();
                case "--no-formula-allow-list" -> builder.formulaAllowList(false);
                default -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(option + " needs a value");
                    }
                    apply(builder, option, args[++i]);
                }
            }
        }
        return builder;
    }

    private static void apply(EmbeddedDeephavenServer.Builder builder, String option, String value) {
        switch (option) {
            case "--port" -> builder.port(parsePort(value));
            case "--host" -> builder.host(value);
            case "--session-duration" -> builder.sessionDuration(parseDuration(value));
            case "--psk" -> builder.preSharedKey(value);
            case "--allow-formula-class" -> builder.allowFormulaClasses(value.split(","));
            case "--allow-formula-method" -> builder.allowFormulaMethods(value.split(","));
            case "--max-request-memory" -> builder.maxRequestMemory(parseSize(option, value));
            case "--max-session-memory" -> builder.maxSessionMemory(parseSize(option, value));
            default -> throw new IllegalArgumentException("unknown option " + option);
        }
    }

    private static long parseSize(String option, String value) {
        try {
            return ByteSizeParser.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
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
        return """
                usage: EmbeddedDeephavenServerMain [options]
                  --port N                    port to listen on (default 10000, 0 = any free port)
                  --host ADDRESS              address to bind (default 127.0.0.1)
                  --session-duration D        idle session lifetime: 300s, 5m, PT5M (default 5m)
                  --psk KEY                   the pre-shared key clients authenticate with (default: a random
                                              key, printed at start)
                  --anonymous                 accept anonymous clients instead (no key)
                  --allow-formula-class C     let formulas call every method of class C (repeatable, or C1,C2)
                  --allow-formula-method C#m  let formulas call method m of class C (repeatable, or a list)
                  --no-formula-allow-list     let formulas call anything (trusted clients only)
                  --max-request-memory SIZE   refuse operations estimated above SIZE (default: heap / 4)
                  --max-session-memory SIZE   refuse requests once a session holds SIZE (default: heap / 2)""";
    }
}
