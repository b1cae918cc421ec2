package dev.deephavencdi.examples.jakartaee;

import dev.deephavencdi.testing.Poll;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real Payara Micro (the jar the build copied from Maven Central) in a JVM of its own, on a free HTTP port and
 * without clustering, deploying one WAR at boot ({@code --deploy}); its log line {@code Payara Micro … ready in}
 * says when the server and the deployment are up.
 */
final class PayaraMicroServer implements AutoCloseable {
    private static final Duration START = Duration.ofMinutes(3);
    static final String CONTEXT_ROOT = "deephaven-example";

    private final Process process;
    private final Path log;
    private final int httpPort;

    private PayaraMicroServer(Process process, Path log, int httpPort) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
    }

    static PayaraMicroServer start(Path payaraMicroJar, Path war, Path workDirectory) throws IOException {
        int httpPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            httpPort = socket.getLocalPort();
        }
        // a --rootdir keeps the deployments of the last run in its domain.xml, and Payara would deploy that copy at
        // boot, then undeploy it for --deploy's: start from an empty one
        deleteTree(workDirectory);
        Files.createDirectories(workDirectory);
        Path log = workDirectory.resolve("console.log");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // --nocluster: no Hazelcast (nothing to join, and no multicast on the test machine); --rootdir: Payara's
        // working files under target; the same JVM options as the other servers (heap for the engine, Arrow's
        // java.nio access, soft references cleared by a full GC, the embedded server's pre-shared key)
        ProcessBuilder builder = new ProcessBuilder(List.of(java.toString(), "-Xmx1g",
                "-XX:SoftRefLRUPolicyMSPerMB=0", "--add-opens=java.base/java.nio=ALL-UNNAMED",
                RedeployCycle.KEY_PROPERTY, "-jar", payaraMicroJar.toString(), "--nocluster",
                "--port", Integer.toString(httpPort), "--rootdir", workDirectory.resolve("root").toString(),
                "--deploy", war.toString(), "--contextroot", CONTEXT_ROOT))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        PayaraMicroServer payara = new PayaraMicroServer(builder.start(), log, httpPort);
        Poll.until(START, () -> payara.logContains(" ready in ") || !payara.process.isAlive(),
                () -> "Payara Micro did not start; see " + log);
        if (!payara.process.isAlive()) {
            throw new IllegalStateException("Payara Micro exited; see " + log);
        }
        return payara;
    }

    int httpPort() {
        return httpPort;
    }

    String contextRoot() {
        return "/" + CONTEXT_ROOT;
    }

    ServerJvm jvm() {
        return new ServerJvm(process.pid());
    }

    Path log() {
        return log;
    }

    boolean logContains(String text) {
        return ServerLog.read(log).contains(text);
    }

    /** Stops the server the way an operator does (SIGTERM) and fails if its JVM does not exit within a minute. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("Payara Micro did not exit within 60 s of SIGTERM; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
