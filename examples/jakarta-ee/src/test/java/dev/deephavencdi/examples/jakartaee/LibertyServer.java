package dev.deephavencdi.examples.jakartaee;

import dev.deephavencdi.testing.Poll;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real Open Liberty (the runtime the build unpacked from Maven Central) with the features the library needs
 * ({@code cdi-4.0}, {@code restfulWS-3.1}, {@code jsonb-3.0}, {@code mpConfig-3.1}) on a free port; deployments go
 * through its {@code dropins} monitor, whose messages ({@code CWWKZ0001I} started, {@code CWWKZ0009I} stopped) say
 * when they are done.
 */
final class LibertyServer implements AutoCloseable {
    private static final Duration START = Duration.ofMinutes(3);
    private static final Duration DEPLOY = Duration.ofMinutes(3);
    static final String APP = "deephaven-example";

    private final Path serverDirectory;
    private final Process process;
    private final int httpPort;
    private int startedCount;
    private int stoppedCount;

    private LibertyServer(Path serverDirectory, Process process, int httpPort) {
        this.serverDirectory = serverDirectory;
        this.process = process;
        this.httpPort = httpPort;
    }

    static LibertyServer start(Path home, String serverName) throws IOException {
        int httpPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            httpPort = socket.getLocalPort();
        }
        Path server = home.resolve("usr/servers").resolve(serverName);
        deleteTree(server);
        Files.createDirectories(server.resolve("dropins"));
        Files.writeString(server.resolve("server.xml"), """
                <server description="deephaven-cdi example">
                  <featureManager>
                    <feature>cdi-4.0</feature>
                    <feature>restfulWS-3.1</feature>
                    <feature>jsonb-3.0</feature>
                    <feature>mpConfig-3.1</feature>
                  </featureManager>
                  <httpEndpoint id="defaultHttpEndpoint" host="127.0.0.1" httpPort="%d" httpsPort="-1"/>
                  <applicationManager autoExpand="true"/>
                  <applicationMonitor updateTrigger="polled" pollingRate="500ms" dropinsEnabled="true"/>
                </server>
                """.formatted(httpPort));
        // SoftRefLRUPolicyMSPerMB=0: a full GC also clears soft references, through which the server caches
        // undeployed applications until memory runs short; the figures then count only what is really held
        Files.writeString(server.resolve("jvm.options"), """
                -Xmx1g
                -XX:SoftRefLRUPolicyMSPerMB=0
                --add-opens=java.base/java.nio=ALL-UNNAMED
                %s
                """.formatted(RedeployCycle.KEY_PROPERTY));
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/server").toString(), "run", serverName)
                .redirectErrorStream(true).redirectOutput(server.resolve("console.log").toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        LibertyServer liberty = new LibertyServer(server, builder.start(), httpPort);
        Poll.until(START, () -> liberty.messages().contains("CWWKF0011I") || !liberty.process.isAlive(),
                () -> "Open Liberty did not start; see " + server.resolve("logs/messages.log"));
        if (!liberty.process.isAlive()) {
            throw new IllegalStateException("Open Liberty exited; see " + server.resolve("console.log"));
        }
        return liberty;
    }

    int httpPort() {
        return httpPort;
    }

    String contextRoot() {
        return "/" + APP;
    }

    ServerJvm jvm() {
        long pid = process.descendants().filter(p -> p.info().commandLine().orElse("").contains("ws-server"))
                .findFirst().map(ProcessHandle::pid).orElse(process.pid());
        return new ServerJvm(pid);
    }

    void deploy(Path war) throws IOException {
        int started = startedCount;
        Files.copy(war, serverDirectory.resolve("dropins").resolve(APP + ".war"));
        Poll.until(DEPLOY, () -> count("CWWKZ0001I: Application " + APP + " started") > started
                || messages().contains("CWWKZ0002E") || messages().contains("CWWKZ0012I"),
                () -> "no deployment outcome; see " + serverDirectory.resolve("logs/messages.log"));
        if (count("CWWKZ0001I: Application " + APP + " started") <= started) {
            throw new IllegalStateException("the application did not start; see "
                    + serverDirectory.resolve("logs/messages.log"));
        }
        startedCount = started + 1;
    }

    void undeploy() throws IOException {
        int stopped = stoppedCount;
        Files.delete(serverDirectory.resolve("dropins").resolve(APP + ".war"));
        Poll.until(DEPLOY, () -> count("CWWKZ0009I: The application " + APP + " has stopped") > stopped,
                () -> "the application did not stop; see " + serverDirectory.resolve("logs/messages.log"));
        stoppedCount = stopped + 1;
    }

    String messages() {
        return ServerLog.read(serverDirectory.resolve("logs/messages.log"));
    }

    private int count(String text) {
        String all = messages();
        int count = 0;
        for (int at = all.indexOf(text); at >= 0; at = all.indexOf(text, at + 1)) {
            count++;
        }
        return count;
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            process.waitFor();
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
