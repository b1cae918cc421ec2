package dev.deephavencdi.examples.jakartaee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deephavencdi.proto.SharedTicket;
import dev.deephavencdi.testing.HeapPaths;
import dev.deephavencdi.testing.OfficialClient;
import dev.deephavencdi.testing.Poll;
import dev.deephavencdi.testing.PythonEnvironment;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One server's deploy / serve / undeploy cycle, repeated: after each deploy the ticket endpoint describes
 * {@code prices} (and answers an unknown name with a problem document naming the path with the context root), and
 * the official Deephaven Java client and pydeephaven fetch it by its shared ticket; after each undeploy the embedded
 * server's port is closed (the ticket is gone with it), no Deephaven, engine or gRPC thread is left, the undeployed
 * copy's class loader is collected (else a heap dump names who holds it), and over the rounds neither the thread
 * count nor metaspace grows. The figures go to {@code target/redeploy-figures.txt}.
 */
final class RedeployCycle {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The embedded server's pre-shared key, given to the application server as a system property (MicroProfile
     * Config reads those): the endpoints never reveal the key, and without one the server generates its own.
     */
    static final String PRE_SHARED_KEY = java.util.UUID.randomUUID().toString();
    static final String KEY_PROPERTY = "-Ddeephaven.cdi.embedded.psk=" + PRE_SHARED_KEY;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration LOADER_WAIT = Duration.ofSeconds(10);

    /** What the server JVM holds after one deploy and after the following undeploy (and a full GC). */
    record Figures(int round, int threadsDeployed, long metaspaceDeployedMib, int threadsUndeployed,
            long metaspaceUndeployedMib, long engineClassesLoaded, long nettyThreadLocalMaps) {}

    /** one instance per loaded copy of the engine (its class-level ExecutionContext default): counts live copies */
    private static final String ENGINE_MARKER = "io.deephaven.engine.context.ExecutionContext";
    /** Netty's per-thread map, created on any thread that touches a Netty buffer pool (the client's copy) */
    private static final String NETTY_THREAD_MAP = "io.netty.util.internal.InternalThreadLocalMap";

    interface Deployer {
        void deploy() throws IOException;

        void undeploy() throws IOException;

        /** @return the URL of the {@code prices} ticket endpoint of the deployed WAR */
        URI pricesEndpoint();

        /**
         * @return classes of the server's own whose instances hold an undeployed copy for a bounded time, outside
         *         anything the application does: the check does not follow them, and so names any other holder
         */
        default Set<String> boundedServerHolders() {
            return Set.of();
        }
    }

    private RedeployCycle() {}

    static List<Figures> run(String serverName, Deployer server, ServerJvm jvm, int rounds) throws Exception {
        assertThat(jvm.deploymentThreads()).as("Deephaven threads before the first deployment").isEmpty();
        List<Figures> figures = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            server.deploy();
            URI embedded = serveAndFetch(server.pricesEndpoint());
            jvm.collectGarbage();
            int threadsDeployed = jvm.threads().size();
            long metaspaceDeployed = jvm.metaspaceMib();

            server.undeploy();
            assertThatThrownBy(() -> new Socket(embedded.getHost(), embedded.getPort()).close())
                    .as("the embedded Deephaven server's port after undeploy").isInstanceOf(ConnectException.class);
            // the client's java.lang.ref.Cleaner thread ends once its Cleaner has been collected
            Poll.until(WAIT, () -> {
                jvm.collectGarbage();
                return jvm.deploymentThreads().isEmpty();
            }, () -> "threads left by the undeployed application: " + jvm.deploymentThreads());
            assertLoaderCollected(serverName, round, server, jvm);
            figures.add(new Figures(round, threadsDeployed, metaspaceDeployed, jvm.threads().size(),
                    jvm.metaspaceMib(), jvm.instances(ENGINE_MARKER), jvm.instances(NETTY_THREAD_MAP)));
        }
        report(serverName, figures);
        Figures first = figures.get(0);
        Figures last = figures.get(figures.size() - 1);
        assertThat(last.threadsUndeployed() - first.threadsUndeployed())
                .as("thread growth over %d redeploys: %s", rounds - 1, figures).isLessThanOrEqualTo(4);
        // every undeployed copy was collected (asserted each round), so metaspace comes back to the same level; one
        // copy that stayed loaded would add about 35 MiB
        assertThat(last.metaspaceUndeployedMib() - first.metaspaceUndeployedMib())
                .as("metaspace growth over %d redeploys: %s", rounds - 1, figures).isLessThanOrEqualTo(16);
        return figures;
    }

    /**
     * The undeployed copy of the application is gone: no class loader has the engine loaded any more, after full
     * collections (a server may drop its last references shortly after it reports the undeploy). If one still
     * has, a heap dump says who holds it: the assertion names the chain of references from a GC root.
     */
    private static void assertLoaderCollected(String serverName, int round, Deployer server, ServerJvm jvm)
            throws IOException {
        long deadline = System.nanoTime() + LOADER_WAIT.toNanos();
        while (true) {
            jvm.collectGarbage();
            if (jvm.instances(ENGINE_MARKER) == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        Path dump = Path.of("target", serverName.replaceAll("\\W+", "-") + "-round-" + round + ".hprof")
                .toAbsolutePath();
        Files.deleteIfExists(dump);
        jvm.heapDump(dump);
        List<String> holders = HeapPaths.toLoadersOf(dump, ENGINE_MARKER, 3, server.boundedServerHolders());
        System.out.println(serverName + " round " + round + ": undeployed class loaders still reachable:");
        holders.forEach(System.out::println);
        Files.delete(dump);
        holders = holders.stream().filter(holder -> !holder.endsWith(HeapPaths.NOT_REACHABLE)).toList();
        assertThat(holders).as("class loaders of the undeployed application still reachable after round %d"
                + " (heap dump %s)", round, dump).isEmpty();
    }

    /** @return where the embedded Deephaven server listened */
    static URI serveAndFetch(URI pricesEndpoint) throws Exception {
        AtomicReference<HttpResponse<String>> response = new AtomicReference<>();
        // HTTP/1.1: the JDK client's default, HTTP/2, upgrades the connection (h2c), and Open Liberty's upgraded
        // connection keeps the web application, class loader and all, for as long as the client keeps it open
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Poll.until(WAIT, () -> {
            try {
                response.set(http.send(HttpRequest.newBuilder(pricesEndpoint).header("Accept", "application/json")
                        .build(), HttpResponse.BodyHandlers.ofString()));
                return response.get().statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        }, () -> "GET " + pricesEndpoint + " answered " + (response.get() == null ? "nothing"
                : response.get().statusCode() + " " + response.get().body()));
        // a problem document names the resource with the context root the WAR is served under
        URI unknown = pricesEndpoint.resolve("no-such-table");
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(unknown).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(missing.body()).get("instance").asText()).isEqualTo(unknown.getRawPath());
        // the server's JSON provider shows in the shape (JSON-B leaves out null members, Jackson writes them)
        System.out.println(pricesEndpoint + " answered " + response.get().headers().firstValue("Content-Type")
                .orElse("?") + " " + response.get().body());
        JsonNode prices = JSON.readTree(response.get().body());
        assertThat(prices.get("name").asText()).isEqualTo("prices");
        assertThat(prices.get("size").asLong()).isEqualTo(500);
        assertThat(prices.get("released").asBoolean()).isFalse();
        String target = prices.at("/server/target").asText();
        SharedTicket ticket = SharedTicket.fromHex(prices.at("/ticket/hex").asText());
        try (OfficialClient client = new OfficialClient(target,
                dev.deephavencdi.proto.Protocol.PRE_SHARED_KEY_HANDLER + " " + PRE_SHARED_KEY)) {
            assertThat(client.fetch(ticket)).isEqualTo("rows=500");
        }
        assertThat(pydeephavenFetch(URI.create(target.replace("dh+plain", "http")), prices.at("/ticket/hex").asText()))
                .as("pydeephaven's fetch of the shared ticket").isEqualTo("rows=500");
        return URI.create(target.replace("dh+plain", "http"));
    }

    /** @return what {@code src/test/python/fetch_shared_ticket.py} printed: {@code rows=<count>} */
    private static String pydeephavenFetch(URI server, String ticketHex) throws IOException, InterruptedException {
        Path script = Path.of("src", "test", "python", "fetch_shared_ticket.py").toAbsolutePath();
        Process python = new ProcessBuilder(PythonEnvironment.of(PythonEnvironment.PYDEEPHAVEN_42).python().toString(),
                script.toString(), server.getHost(), Integer.toString(server.getPort()),
                dev.deephavencdi.proto.Protocol.PRE_SHARED_KEY_HANDLER, PRE_SHARED_KEY, ticketHex)
                .redirectErrorStream(true).start();
        String output = new String(python.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!python.waitFor(120, java.util.concurrent.TimeUnit.SECONDS) || python.exitValue() != 0) {
            python.destroyForcibly();
            throw new AssertionError("pydeephaven could not fetch the ticket: " + output);
        }
        String[] lines = output.strip().split("\n");
        return lines[lines.length - 1];
    }

    private static void report(String serverName, List<Figures> figures) throws IOException {
        StringBuilder text = new StringBuilder(serverName).append(": round, threads deployed, metaspace deployed"
                + " MiB, threads undeployed, metaspace undeployed MiB, ExecutionContext instances undeployed,"
                + " Netty InternalThreadLocalMap instances undeployed\n");
        for (Figures f : figures) {
            text.append(String.format("  %d  %d  %d  %d  %d  %d  %d%n", f.round(), f.threadsDeployed(),
                    f.metaspaceDeployedMib(), f.threadsUndeployed(), f.metaspaceUndeployedMib(),
                    f.engineClassesLoaded(), f.nettyThreadLocalMaps()));
        }
        System.out.print(text);
        Files.writeString(Path.of("target", "redeploy-figures.txt"), text, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }
}
