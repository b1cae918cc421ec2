package dev.deephavencdi.examples.jakartaee;

import dev.deephavencdi.testing.Poll;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A real WildFly (the distribution the build unpacked from Maven Central), started with
 * {@code standalone-microprofile.xml} on free ports; deployments go through its deployment scanner, whose marker
 * files ({@code .deployed}, {@code .failed}, {@code .undeployed}) say when they are done.
 */
final class WildFlyServer implements AutoCloseable {
    private static final Duration START = Duration.ofMinutes(3);
    private static final Duration DEPLOY = Duration.ofMinutes(3);
    /** the ports of standalone-microprofile.xml that a port offset moves */
    private static final int[] PORTS = {8080, 8443, 9990, 9993};

    private final Path home;
    private final Path log;
    private final Process process;
    private final int offset;

    private WildFlyServer(Path home, Path log, Process process, int offset) {
        this.home = home;
        this.log = log;
        this.process = process;
        this.offset = offset;
    }

    static WildFlyServer start(Path home, Path log) throws IOException {
        int offset = freeOffset();
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/standalone.sh").toString(),
                "-c", "standalone-microprofile.xml", "-Djboss.socket.binding.port-offset=" + offset)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        // WildFly's own defaults, plus the heap the engine needs and Arrow's java.nio access; a full GC also clears
        // soft references (caches of undeployed applications), so the figures count only what is really held
        env.put("JAVA_OPTS", "-Xms64m -Xmx1g -XX:MetaspaceSize=96M -XX:MaxMetaspaceSize=1g -XX:SoftRefLRUPolicyMSPerMB=0"
                + " -Djava.net.preferIPv4Stack=true --add-opens=java.base/java.nio=ALL-UNNAMED "
                + RedeployCycle.KEY_PROPERTY);
        env.put("LAUNCH_JBOSS_IN_BACKGROUND", "true");
        for (String marker : new String[] {".deployed", ".failed", ".undeployed", ".isdeploying"}) {
            Files.deleteIfExists(home.resolve("standalone/deployments/" + WAR_NAME + marker));
        }
        Files.deleteIfExists(home.resolve("standalone/deployments/" + WAR_NAME));
        WildFlyServer server = new WildFlyServer(home, log, builder.start(), offset);
        Poll.until(START, () -> server.logContains("WFLYSRV0025") || server.logContains("WFLYSRV0026")
                || !server.process.isAlive(), () -> "WildFly did not start; see " + log);
        if (!server.process.isAlive() || server.logContains("WFLYSRV0026")) {
            throw new IllegalStateException("WildFly failed to start; see " + log);
        }
        return server;
    }

    static final String WAR_NAME = "deephaven-example.war";

    /** @return the context root the WAR is served under */
    String contextRoot() {
        return "/" + WAR_NAME.replace(".war", "");
    }

    int httpPort() {
        return 8080 + offset;
    }

    /** @return the server JVM (standalone.sh runs it as a child process) */
    ServerJvm jvm() {
        long pid = process.descendants().filter(p -> p.info().commandLine().orElse("").contains("jboss-modules"))
                .findFirst().orElseThrow(() -> new IllegalStateException("no WildFly JVM under " + process.pid()))
                .pid();
        return new ServerJvm(pid);
    }

    /** Deploys through the scanner and waits for the outcome; a failed deployment throws with the server log. */
    void deploy(Path war) throws IOException {
        Path deployments = home.resolve("standalone/deployments");
        Files.deleteIfExists(deployments.resolve(WAR_NAME + ".undeployed"));
        Files.copy(war, deployments.resolve(WAR_NAME));
        Poll.until(DEPLOY, () -> Files.exists(deployments.resolve(WAR_NAME + ".deployed"))
                || Files.exists(deployments.resolve(WAR_NAME + ".failed")), () -> "no deployment outcome; see " + log);
        if (Files.exists(deployments.resolve(WAR_NAME + ".failed"))) {
            throw new IllegalStateException("the deployment failed: "
                    + Files.readString(deployments.resolve(WAR_NAME + ".failed")) + "; see " + log);
        }
    }

    /** Removes the WAR; the scanner undeploys it and leaves a {@code .undeployed} marker when done. */
    void undeploy() throws IOException {
        Path deployments = home.resolve("standalone/deployments");
        Files.delete(deployments.resolve(WAR_NAME));
        Poll.until(DEPLOY, () -> Files.exists(deployments.resolve(WAR_NAME + ".undeployed")),
                () -> "the WAR was not undeployed; see " + log);
    }

    boolean logContains(String text) {
        return ServerLog.read(log).contains(text);
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

    private static int freeOffset() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int offset = ThreadLocalRandom.current().nextInt(100, 20000);
            if (allFree(offset)) {
                return offset;
            }
        }
        throw new IOException("no free port offset for WildFly");
    }

    private static boolean allFree(int offset) {
        for (int port : PORTS) {
            try (ServerSocket socket = new ServerSocket(port + offset)) {
                socket.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
