package dev.deephavencdi.it.differential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deephavencdi.server.EmbeddedDeephavenServer;
import dev.deephavencdi.testing.PythonEnvironment;
import dev.deephavencdi.testing.RealDeephavenServer;
import dev.deephavencdi.testing.RealDeephavenServerProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every {@link Scenario} against the embedded server and the real Deephaven server 0.40.7 (both requiring the same
 * pre-shared key, both at a 100 ms update cycle), through the official Java client and through pydeephaven 0.40.7.
 * For each client and scenario the two outcomes (schema, rows or status code) must be identical, or be exactly the
 * difference {@link #DOCUMENTED} lists (the README's "differs from the real server" table). The counts and every
 * outcome go to {@code target/differential-report.md}.
 */
@ExtendWith(RealDeephavenServer.class)
class DifferentialTest {
    enum Client { OFFICIAL_JAVA, PYDEEPHAVEN }


    /** A documented difference: what the embedded server answers, and what the real one may answer. */
    record Difference(String embedded, Set<String> real, String why) {
    }

    private static final String RELEASED_TICKET = "the real server's shared tickets live in a weak-values map: a "
            + "released one answers FAILED_PRECONDITION until its JVM collects (NOT_FOUND after); the embedded "
            + "server answers NOT_FOUND at once";
    private static final String FORMULA_METHODS = "the real server's formula validator refuses calls outside "
            + "its allow-list (java.lang.Math among them; Deephaven's own abs, sin, ... are allowed); the "
            + "embedded server's allow list adds java.lang.Math and StrictMath";
    private static final String ID_TAKEN = "the real server keeps a released table's id taken while the "
            + "publisher's session lives (ALREADY_EXISTS); the embedded server frees it at once";

    /** Every difference between the servers the README lists, keyed by {@code "<client> <scenario>"}. */
    static final Map<String, Difference> DOCUMENTED = Map.ofEntries(
            Map.entry(key(Client.OFFICIAL_JAVA, Scenario.java_method_in_formula), new Difference(
                    "schema=X:int rows=[[\"0\"],[\"1\"]]", Set.of(OfficialClientScenarios.TABLE_OPERATION_FAILED),
                    FORMULA_METHODS)),
            Map.entry(key(Client.PYDEEPHAVEN, Scenario.java_method_in_formula), new Difference(
                    "schema=X:int rows=[[\"0\"],[\"1\"]]", Set.of("error=INVALID_ARGUMENT"), FORMULA_METHODS)),
            Map.entry(key(Client.OFFICIAL_JAVA, Scenario.republish_after_release), new Difference("ok",
                    Set.of("error=ALREADY_EXISTS"), ID_TAKEN)),
            Map.entry(key(Client.PYDEEPHAVEN, Scenario.republish_after_release), new Difference("ok",
                    Set.of("error=ALREADY_EXISTS"), ID_TAKEN)),
            Map.entry(key(Client.PYDEEPHAVEN, Scenario.fetch_after_publisher_releases), new Difference("error=NOT_FOUND",
                    Set.of("error=FAILED_PRECONDITION", "error=NOT_FOUND"), RELEASED_TICKET)),
            Map.entry(key(Client.PYDEEPHAVEN, Scenario.fetch_after_publisher_session_closes), new Difference("error=NOT_FOUND",
                    Set.of("error=FAILED_PRECONDITION", "error=NOT_FOUND"), RELEASED_TICKET)),
            Map.entry(key(Client.PYDEEPHAVEN, Scenario.fetched_table_after_publisher_closes), new Difference("error=NOT_FOUND",
                    Set.of("error=FAILED_PRECONDITION", "error=NOT_FOUND"), RELEASED_TICKET
                    + " (pydeephaven's fetch_table reads through the publisher's 'h' ticket, no copy)")));

    private static final Map<Client, Map<Scenario, String>> EMBEDDED = new EnumMap<>(Client.class);
    private static final Map<Client, Map<Scenario, String>> REAL = new EnumMap<>(Client.class);
    private static EmbeddedDeephavenServer embedded;

    @BeforeAll
    static void runEveryScenarioOnBothServers(@RealDeephavenServer.PreSharedKey RealDeephavenServerProcess real) {
        embedded = EmbeddedDeephavenServer.builder().port(0).preSharedKey(RealDeephavenServer.KEY)
                .updateCycle(Duration.ofMillis(100)).start();
        String authentication = RealDeephavenServerProcess.PSK_HANDLER + " " + RealDeephavenServer.KEY;
        EMBEDDED.put(Client.OFFICIAL_JAVA, officialClient(embedded.target(), authentication));
        REAL.put(Client.OFFICIAL_JAVA, officialClient(real.target(), authentication));
        EMBEDDED.put(Client.PYDEEPHAVEN, pydeephaven(embedded.connectHost(), embedded.port()));
        REAL.put(Client.PYDEEPHAVEN, pydeephaven(real.host(), real.port()));
    }

    @AfterAll
    static void reportAndStop() throws IOException {
        embedded.close();
        writeReport();
    }

    @TestFactory
    Stream<DynamicTest> everyScenarioAnswersTheSameOnBothServersOrDiffersAsDocumented() {
        return Arrays.stream(Client.values()).flatMap(client -> Arrays.stream(Scenario.values())
                .map(scenario -> DynamicTest.dynamicTest(client + " " + scenario, () -> {
                    String onEmbedded = EMBEDDED.get(client).get(scenario);
                    String onReal = REAL.get(client).get(scenario);
                    assertThat(onEmbedded).as("embedded").doesNotStartWith("unexpected").doesNotStartWith("crashed");
                    Difference documented = DOCUMENTED.get(key(client, scenario));
                    if (documented == null) {
                        assertThat(onEmbedded).as("embedded vs real, %s %s", client, scenario).isEqualTo(onReal);
                    } else {
                        assertThat(onEmbedded).as("embedded, documented difference").isEqualTo(documented.embedded());
                        assertThat(onReal).as("real, documented difference").isIn(documented.real());
                    }
                })));
    }

    static String key(Client client, Scenario scenario) {
        return client + " " + scenario;
    }

    private static Map<Scenario, String> officialClient(String target, String authentication) {
        OfficialClientScenarios scenarios = new OfficialClientScenarios(target, authentication);
        Map<Scenario, String> outcomes = new EnumMap<>(Scenario.class);
        for (Scenario scenario : Scenario.values()) {
            outcomes.put(scenario, scenarios.run(scenario));
        }
        return outcomes;
    }

    /**
     * Runs the scenarios in one Python process; if it dies (pydeephaven has crashed the interpreter before), the
     * scenario it was in is marked crashed and a new process runs the rest.
     */
    private static Map<Scenario, String> pydeephaven(String host, int port) {
        PythonEnvironment python = PythonEnvironment.of(PythonEnvironment.DEEPHAVEN_0_40_7);
        Path script = PythonEnvironment.projectRoot().resolve("python").resolve("differential")
                .resolve("pydeephaven_scenarios.py");
        Map<Scenario, String> outcomes = new EnumMap<>(Scenario.class);
        List<Scenario> remaining = new ArrayList<>(List.of(Scenario.values()));
        while (!remaining.isEmpty()) {
            List<String> command = new ArrayList<>(List.of(python.python().toString(), script.toString(), host,
                    Integer.toString(port), RealDeephavenServerProcess.PSK_HANDLER, RealDeephavenServer.KEY));
            remaining.forEach(scenario -> command.add(scenario.name()));
            int exit;
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                try (BufferedReader lines = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = lines.readLine()) != null; ) {
                        if (line.startsWith("@@OUTCOME ")) {
                            String[] pair = parsePair(line.substring("@@OUTCOME ".length()));
                            Scenario scenario = Scenario.valueOf(pair[0]);
                            outcomes.put(scenario, pair[1]);
                            remaining.remove(scenario);
                        } else {
                            System.out.println("[pydeephaven scenarios] " + line);
                        }
                    }
                }
                if (!process.waitFor(5, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                }
                exit = process.exitValue();
            } catch (IOException e) {
                throw new IllegalStateException("cannot run " + script + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (!remaining.isEmpty()) {
                outcomes.put(remaining.remove(0), "crashed (python exit " + exit + ")");
            }
        }
        return outcomes;
    }

    /** The script prints {@code ["name", "outcome"]} with json.dumps: two JSON strings. */
    private static String[] parsePair(String json) {
        List<String> strings = new ArrayList<>();
        StringBuilder current = null;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (current == null) {
                if (c == '"') {
                    current = new StringBuilder();
                }
            } else if (c == '\\') {
                char next = json.charAt(++i);
                if (next == 'u') {
                    current.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
                    i += 4;
                } else {
                    current.append(switch (next) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        case 'r' -> '\r';
                        default -> next;
                    });
                }
            } else if (c == '"') {
                strings.add(current.toString());
                current = null;
            } else {
                current.append(c);
            }
        }
        return strings.toArray(String[]::new);
    }

    private static void writeReport() throws IOException {
        int identical = 0;
        int documented = 0;
        int other = 0;
        StringBuilder rows = new StringBuilder();
        for (Client client : Client.values()) {
            for (Scenario scenario : Scenario.values()) {
                String onEmbedded = EMBEDDED.getOrDefault(client, Map.of()).get(scenario);
                String onReal = REAL.getOrDefault(client, Map.of()).get(scenario);
                String verdict;
                if (onEmbedded != null && onEmbedded.equals(onReal)) {
                    identical++;
                    verdict = "identical";
                } else if (DOCUMENTED.containsKey(key(client, scenario))) {
                    documented++;
                    verdict = "documented: " + DOCUMENTED.get(key(client, scenario)).why();
                } else {
                    other++;
                    verdict = "UNDOCUMENTED";
                }
                rows.append("| ").append(client).append(" | ").append(scenario).append(" | `")
                        .append(cell(onEmbedded)).append("` | `").append(cell(onReal)).append("` | ")
                        .append(verdict).append(" |\n");
            }
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("scenarios", Scenario.values().length);
        counts.put("runs (scenario x client)", Scenario.values().length * Client.values().length);
        counts.put("identical", identical);
        counts.put("documented differences", documented);
        counts.put("undocumented differences", other);
        String report = "# Differential suite: embedded vs real Deephaven server 0.40.7\n\n" + counts + "\n\n"
                + "| client | scenario | embedded | real | verdict |\n|---|---|---|---|---|\n" + rows;
        Path file = Paths.get("target", "differential-report.md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, report);
        System.out.println("Differential suite: " + counts + " (details in " + file.toAbsolutePath() + ")");
    }

    private static String cell(String outcome) {
        if (outcome == null) {
            return "(none)";
        }
        String shortened = outcome.length() > 160 ? outcome.substring(0, 160) + "…" : outcome;
        return shortened.replace("|", "\\|").replace("`", "'");
    }
}
