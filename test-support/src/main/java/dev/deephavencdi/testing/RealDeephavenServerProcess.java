package dev.deephavencdi.testing;

import io.deephaven.proto.backplane.grpc.ConfigServiceGrpc;
import io.deephaven.proto.backplane.grpc.ConfigurationConstantsRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The real Deephaven server 0.40.7 ({@code deephaven_server.Server} from the pinned {@code deephaven-0.40.7}
 * Python environment) in a process of its own, started by {@code python/real-deephaven-server.py} on a free
 * loopback port. {@link #start} returns once the server answers {@code GetConfigurationConstants}; {@link #close}
 * ends the process and its children. Its output goes to {@code target/real-deephaven-server-<kind>-<port>.log}
 * of the working directory. Tests take it from the {@link RealDeephavenServer} extension (one per test module);
 * the bench starts its own.
 */
public final class RealDeephavenServerProcess implements AutoCloseable {
    /** The authentication type of Deephaven's pre-shared key handler, as clients send it. */
    public static final String PSK_HANDLER = "io.deephaven.authentication.psk.PskAuthenticationHandler";

    private static final String READY = "@@READY ";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(1);

    private final Process process;
    private final int port;
    private final String preSharedKey;
    private final Path log;
    private final PrintWriter commands;
    private final BlockingQueue<String> answers;
    private final Thread shutdownHook;

    private RealDeephavenServerProcess(Process process, int port, String preSharedKey, Path log,
            BlockingQueue<String> answers) {
        this.process = process;
        this.port = port;
        this.preSharedKey = preSharedKey;
        this.log = log;
        this.answers = answers;
        this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.shutdownHook = new Thread(this::kill, "real-deephaven-server-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts a server open to anonymous clients, with a 1 GiB heap. */
    public static RealDeephavenServerProcess startAnonymous() {
        return start(null, "1g");
    }

    /** Starts a server that requires Deephaven's pre-shared key {@code key}, with a 1 GiB heap. */
    public static RealDeephavenServerProcess startWithPreSharedKey(String key) {
        return start(key, "1g");
    }

    /**
     * @param preSharedKey the key clients must present, or null for anonymous access
     * @param heap the server JVM's maximum heap, e.g. {@code 1g}
     * @return the running server, answering requests
     */
    public static RealDeephavenServerProcess start(String preSharedKey, String heap) {
        PythonEnvironment python = PythonEnvironment.of(PythonEnvironment.DEEPHAVEN_0_40_7);
        Path launcher = PythonEnvironment.projectRoot().resolve("python").resolve("real-deephaven-server.py");
        String kind = preSharedKey == null ? "anonymous" : "psk";
        IllegalStateException failure = null;
        // the free port is found here and taken by the server a moment later: retry if another process won it
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            Path target = Paths.get("target").toAbsolutePath();
            Path log = target.resolve("real-deephaven-server-" + kind + "-" + port + ".log");
            Path work = target.resolve("real-deephaven-server-" + kind + "-" + port);
            List<String> command = new ArrayList<>(List.of(python.python().toString(), launcher.toString(),
                    "--port", Integer.toString(port), "--work-dir", work.toString(), "--heap", heap));
            if (preSharedKey != null) {
                command.addAll(List.of("--psk", preSharedKey));
            }
            try {
                Files.createDirectories(work);
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
                builder.environment().put("JAVA_HOME", javaHome());
                builder.environment().put("PYTHONUNBUFFERED", "1");
                Process process = builder.start();
                BlockingQueue<String> answers = new LinkedBlockingQueue<>();
                copyOutput(process, log, answers);
                RealDeephavenServerProcess server =
                        new RealDeephavenServerProcess(process, port, preSharedKey, log, answers);
                try {
                    server.awaitAnswering();
                    return server;
                } catch (IllegalStateException e) {
                    server.close();
                    failure = e;
                    if (!Files.readString(log).contains("Address already in use")) {
                        throw e;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the real Deephaven server: " + command, e);
            }
        }
        throw failure;
    }

    /** @return {@code 127.0.0.1} */
    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** @return e.g. {@code dh+plain://127.0.0.1:10000} */
    public String target() {
        return "dh+plain://" + host() + ":" + port;
    }

    /** @return the pre-shared key clients must present, or null when the server is open to anonymous clients */
    public String preSharedKey() {
        return preSharedKey;
    }

    /** @return the authentication type clients send: {@code Anonymous} or {@link #PSK_HANDLER} */
    public String authenticationType() {
        return preSharedKey == null ? "Anonymous" : PSK_HANDLER;
    }

    /** @return {@code "<type> <value>"} as the official Java client and ours take it ({@code "Anonymous"} alone) */
    public String authentication() {
        return preSharedKey == null ? "Anonymous" : PSK_HANDLER + " " + preSharedKey;
    }

    /** @return the file the server's output goes to */
    public Path log() {
        return log;
    }

    /**
     * Runs {@code System.gc()} in the server's JVM. The real server keeps shared tickets in a weak-values map: a
     * ticket whose publisher released it answers FAILED_PRECONDITION until a collection clears the entry, and
     * NOT_FOUND after.
     *
     * @return the heap bytes in use after the collection
     */
    public long collectGarbage() {
        return Long.parseLong(ask("gc", "@@GC "));
    }

    /** @return the resident memory of the server's process (Python and the JVM it hosts), in bytes */
    public long residentBytes() {
        return Long.parseLong(ask("rss", "@@RSS "));
    }

    /** Stops the server: closes its input (it exits at once), then kills what is left of its process tree. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        kill();
    }

    private void kill() {
        commands.close();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private synchronized String ask(String command, String prefix) {
        if (!process.isAlive()) {
            throw new IllegalStateException("the real Deephaven server has exited; see " + log);
        }
        answers.clear();
        commands.println(command);
        try {
            String answer = answers.poll(ANSWER_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (answer == null || !answer.startsWith(prefix)) {
                throw new IllegalStateException("the real Deephaven server did not answer '" + command + "' (got "
                        + answer + "); see " + log);
            }
            return answer.substring(prefix.length()).trim();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the real Deephaven server", e);
        }
    }

    private void awaitAnswering() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try {
            String line;
            do {
                line = answers.poll(1, TimeUnit.SECONDS);
                if (line == null && !process.isAlive()) {
                    throw new IllegalStateException("the real Deephaven server exited with " + process.exitValue()
                            + " before it listened; see " + log);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the real Deephaven server did not listen within "
                            + START_TIMEOUT + "; see " + log);
                }
            } while (line == null || !line.startsWith(READY));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the real Deephaven server started", e);
        }
        probe();
    }

    /** One GetConfigurationConstants call, as pydeephaven makes when it connects: the server answers gRPC. */
    private void probe() {
        ManagedChannel channel = ManagedChannelBuilder.forAddress(host(), port).usePlaintext().build();
        try {
            ConfigServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(new HeaderTokenAuthorization(preSharedKey == null
                            ? "Anonymous" : PSK_HANDLER + " " + preSharedKey))
                    .withDeadlineAfter(ANSWER_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                    .getConfigurationConstants(ConfigurationConstantsRequest.getDefaultInstance());
        } catch (StatusRuntimeException e) {
            throw new IllegalStateException("the real Deephaven server listens but does not answer "
                    + "GetConfigurationConstants: " + e.getStatus() + "; see " + log, e);
        } finally {
            channel.shutdownNow();
        }
    }

    /** Copies the output into the log; lines the launcher marks with {@code @@} are also handed to the reader. */
    private static void copyOutput(Process process, Path log, BlockingQueue<String> answers) throws IOException {
        OutputStream file = Files.newOutputStream(log);
        Thread copier = new Thread(() -> {
            try (file; BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    file.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                    file.flush();
                    if (line.startsWith("@@")) {
                        answers.add(line);
                    }
                }
            } catch (IOException e) {
                // the process ended; the log has what it wrote
            }
        }, "real-deephaven-server-output");
        copier.setDaemon(true);
        copier.start();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    /** The running JDK when it is 17 or newer (the server compiles formulas with its javac), else JAVA_HOME. */
    private static String javaHome() {
        Path running = Paths.get(System.getProperty("java.home"));
        if (Runtime.version().feature() >= 17 && Files.isExecutable(running.resolve("bin").resolve("javac"))) {
            return running.toString();
        }
        String configured = System.getenv("JAVA_HOME");
        if (configured == null || configured.isBlank()) {
            throw new IllegalStateException("the real Deephaven server needs a JDK 17+: run the tests on one, or set "
                    + "JAVA_HOME to one");
        }
        return configured;
    }
}
