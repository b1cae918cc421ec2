package dev.deephavencdi.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged example ({@code java -jar quarkus-run.jar}) running as its own process on a free HTTP port, with the
 * system properties a test gives it, e.g. {@code deephaven.cdi.session.host} to point it at a Deephaven server
 * that outlives it. {@link #close()} kills it if the test did not {@link #stop()} it.
 */
final class PackagedExample implements AutoCloseable {
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final int httpPort;
    private final File log;
    private final Process process;

    private PackagedExample(int httpPort, File log, Process process) {
        this.httpPort = httpPort;
        this.log = log;
        this.process = process;
    }

    /**
     * @param log where the application's console output goes
     * @param properties system properties ({@code -Dkey=value}) on top of the application's own configuration
     */
    static PackagedExample start(File log, Map<String, String> properties) throws IOException {
        int httpPort = freePort();
        String jar = System.getProperty("example.jar", "target/quarkus-app/quarkus-run.jar");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "-Dquarkus.http.port=" + httpPort));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        return new PackagedExample(httpPort, log, process);
    }

    /** @return the answer of {@code GET /deephaven/tickets/{name}}, once the application has published it */
    JsonNode awaitTicket(String name) throws InterruptedException {
        URI uri = URI.create("http://localhost:" + httpPort + "/deephaven/tickets/" + name);
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return json.readTree(response.body());
                }
            } catch (IOException notListeningYet) {
                // the application is still starting
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the application did not publish '" + name + "' in time"
                + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")") + "; see " + log);
    }

    /** Stops the application as a platform would (SIGTERM: a graceful Quarkus shutdown) and waits for it. */
    boolean stop() throws InterruptedException {
        process.destroy();
        return process.waitFor(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
