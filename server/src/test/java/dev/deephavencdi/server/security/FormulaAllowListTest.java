package dev.deephavencdi.server.security;

import static dev.deephavencdi.server.GrpcAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deephavencdi.server.EmbeddedDeephavenServer;
import dev.deephavencdi.server.RawClient;
import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import dev.deephavencdi.server.testing.StartedServer;
import dev.deephavencdi.testing.ArrowRows;
import dev.deephavencdi.testing.OfficialClient;
import io.deephaven.client.impl.Session;
import io.deephaven.client.impl.TableHandle;
import io.deephaven.proto.backplane.grpc.EmptyTableRequest;
import io.deephaven.proto.backplane.grpc.SelectDistinctRequest;
import io.deephaven.proto.backplane.grpc.SelectOrUpdateRequest;
import io.deephaven.proto.backplane.grpc.TableReference;
import io.deephaven.proto.backplane.grpc.Ticket;
import io.deephaven.proto.backplane.grpc.UnstructuredFilterTableRequest;
import io.deephaven.qst.table.TableSpec;
import io.grpc.Status.Code;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The formula allow list, on by default: hostile formulas are refused with INVALID_ARGUMENT naming the call and
 * the key that allows it, before anything runs (their side effects never happen); the ordinary query language
 * still works. Driven by the official Java client and by raw unary stubs (pydeephaven's path).
 */
class FormulaAllowListTest {
    @TempDir
    static Path directory;
    private static Path marker;
    private static ServerSocket listener;
    @RegisterExtension
    static final EmbeddedServerExtension server = EmbeddedServerExtension.create();
    private static OfficialClient client;
    private static Session session;

    @BeforeAll
    static void start() throws Exception {
        marker = directory.resolve("pwned");
        listener = new ServerSocket(0);
        client = server.officialClient();
        session = client.newSession();
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        listener.close();
    }

    /** The formula, and the call the refusal must name. */
    static Stream<Arguments> hostileFormulas() {
        String file = marker.toString().replace("\\", "\\\\");
        return Stream.of(
                Arguments.of("X = java.lang.Runtime.getRuntime().exec(new String[]{\"touch\", \"" + file
                        + "\"}).waitFor()", "java.lang.Runtime.getRuntime()"),
                Arguments.of("X = new ProcessBuilder(\"touch\", \"" + file + "\").start().waitFor()",
                        "new java.lang.ProcessBuilder(java.lang.String[])"),
                Arguments.of("X = Class.forName(\"java.lang.Runtime\").getName()", "java.lang.Class.forName"),
                Arguments.of("X = `a`.getClass().getName()", "java.lang.Object.getClass()"),
                Arguments.of("X = java.lang.Thread.currentThread().getContextClassLoader().toString()",
                        "java.lang.Thread.currentThread()"),
                Arguments.of("X = System.getenv(`PATH`)", "java.lang.System.getenv(java.lang.String)"),
                Arguments.of("X = System.setProperty(`deephaven.cdi.pwned`, `yes`)",
                        "java.lang.System.setProperty"),
                Arguments.of("X = java.lang.Long.getLong(`user.home`)", "java.lang.Long.getLong"),
                Arguments.of("X = java.nio.file.Files.writeString(java.nio.file.Path.of(`" + file
                        + "`), `x`).toString()", "java.nio.file.Path.of"),
                Arguments.of("X = new java.io.FileOutputStream(`" + file + "`).hashCode()",
                        "new java.io.FileOutputStream(java.lang.String)"),
                Arguments.of("X = new java.net.Socket(`127.0.0.1`, " + listener.getLocalPort()
                        + ").isConnected()", "new java.net.Socket(java.lang.String, int)"),
                Arguments.of("X = java.net.InetAddress.getByName(`localhost`).toString()",
                        "java.net.InetAddress.getByName"),
                Arguments.of("X = new Thread().getName()", "new java.lang.Thread()"));
    }

    @ParameterizedTest
    @MethodSource("hostileFormulas")
    void aHostileFormulaIsRefusedThroughTheOfficialClientNamingTheCallAndTheKey(String formula, String call) {
        assertThatThrownBy(() -> session.execute(TableSpec.empty(1).update(formula)))
                .isInstanceOf(TableHandle.TableHandleException.class)
                .hasMessageContaining("INVALID_ARGUMENT")
                .hasMessageContaining(call)
                .hasMessageContaining("deephaven.cdi.embedded.formula-allowed-methods");
        assertThat(marker).doesNotExist();
        assertThat(System.getProperty("deephaven.cdi.pwned")).isNull();
    }

    /**
     * Aggregations and update_by carry formulas too (formula aggregations and specs see each value column as its
     * group's vector; count_where filters see rows): the same refusal, and the ordinary forms still compute.
     */
    @Test
    void formulasInsideAggregationsAndUpdateByAreCheckedToo() throws Exception {
        TableSpec rows = TableSpec.empty(10).update("K = i % 2", "X = i");
        String exec = "java.lang.Runtime.getRuntime().exec(new String[]{\"touch\", \"" + marker + "\"}).waitFor()";
        List<TableSpec> hostile = List.of(
                rows.aggBy(io.deephaven.api.agg.Aggregation.AggFormula("S = X.size() + " + exec), "K"),
                rows.aggAllBy(io.deephaven.api.agg.spec.AggSpec.formula("each.size() + " + exec, "each"), "K"),
                rows.aggBy(io.deephaven.api.agg.Aggregation.AggCountWhere("C", "X > " + exec), "K"),
                rows.updateBy(io.deephaven.api.updateby.UpdateByOperation.RollingFormula(3,
                        "x.size() + " + exec, "x", "R = X"), "K"),
                rows.updateBy(io.deephaven.api.updateby.UpdateByOperation.RollingCountWhere(3, "C",
                        "X > " + exec), "K"));
        for (TableSpec spec : hostile) {
            assertThatThrownBy(() -> session.execute(spec))
                    .isInstanceOf(TableHandle.TableHandleException.class)
                    .hasMessageContaining("INVALID_ARGUMENT")
                    .hasMessageContaining("calls static method java.lang.Runtime.getRuntime()")
                    .hasMessageContaining("formula allow list");
        }
        assertThat(marker).doesNotExist();

        TableHandle sums = session.execute(rows.aggBy(List.of(
                io.deephaven.api.agg.Aggregation.AggFormula("S = sum(X)"),
                io.deephaven.api.agg.Aggregation.AggCountWhere("Big", "X >= 6")), "K").sort("K"));
        assertThat(ArrowRows.read(client.flight(session).stream(sums)))
                .containsExactly(List.of(0, 20L, 2L), List.of(1, 25L, 2L));
        TableHandle rolling = session.execute(rows.updateBy(
                io.deephaven.api.updateby.UpdateByOperation.RollingFormula(2, "sum(x)", "x", "R = X"))
                .view("R"));
        assertThat(ArrowRows.read(client.flight(session).stream(rolling)).stream().map(row -> row.get(0)).toList())
                .containsExactly(0L, 1L, 3L, 5L, 7L, 9L, 11L, 13L, 15L, 17L);
    }

    @ParameterizedTest
    @MethodSource("hostileFormulas")
    void aHostileFormulaIsRefusedThroughRawUnaryStubs(String formula, String call) throws Exception {
        try (RawClient raw = new RawClient(server)) {
            raw.login();
            Ticket source = raw.nextExport();
            raw.tables().emptyTable(EmptyTableRequest.newBuilder().setResultId(source).setSize(1).build());
            TableReference from = TableReference.newBuilder().setTicket(source).build();
            var update = assertStatus(Code.INVALID_ARGUMENT, () -> raw.tables().update(SelectOrUpdateRequest
                    .newBuilder().setResultId(raw.nextExport()).setSourceId(from).addColumnSpecs(formula).build()));
            assertThat(update.getStatus().getDescription()).contains(call).contains("formula allow list");
            var view = assertStatus(Code.INVALID_ARGUMENT, () -> raw.tables().view(SelectOrUpdateRequest
                    .newBuilder().setResultId(raw.nextExport()).setSourceId(from).addColumnSpecs(formula).build()));
            assertThat(view.getStatus().getDescription()).contains(call);
            var distinct = assertStatus(Code.INVALID_ARGUMENT, () -> raw.tables().selectDistinct(
                    SelectDistinctRequest.newBuilder().setResultId(raw.nextExport()).setSourceId(from)
                            .addColumnNames(formula).build()));
            assertThat(distinct.getStatus().getDescription()).contains(call);
        }
        assertThat(marker).doesNotExist();
    }

    @Test
    void aHostileFilterIsRefusedWhetherTheEngineReadsItAsAConditionOrAsARangeOrMatchFallback() throws Exception {
        String file = marker.toString();
        List<String> filters = List.of(
                "java.lang.Runtime.getRuntime().exec(new String[]{`touch`, `" + file + "`}).waitFor() == 0",
                "X > java.lang.Runtime.getRuntime().exec(new String[]{`touch`, `" + file + "`}).waitFor()",
                "X == java.lang.Runtime.getRuntime().exec(new String[]{`touch`, `" + file + "`}).waitFor()",
                "X == 0 || System.getenv(`PATH`) != null",
                "java.lang.Runtime.getRuntime().availableProcessors() > 0");
        try (RawClient raw = new RawClient(server)) {
            raw.login();
            Ticket source = raw.nextExport();
            raw.tables().emptyTable(EmptyTableRequest.newBuilder().setResultId(source).setSize(3).build());
            Ticket withX = raw.nextExport();
            raw.tables().update(SelectOrUpdateRequest.newBuilder().setResultId(withX)
                    .setSourceId(TableReference.newBuilder().setTicket(source)).addColumnSpecs("X = i").build());
            for (String filter : filters) {
                var failure = assertStatus(Code.INVALID_ARGUMENT, () -> raw.tables().unstructuredFilter(
                        UnstructuredFilterTableRequest.newBuilder().setResultId(raw.nextExport())
                                .setSourceId(TableReference.newBuilder().setTicket(withX)).addFilters(filter).build()));
                assertThat(failure.getStatus().getDescription()).as(filter).contains("formula allow list");
            }
        }
        assertThatThrownBy(() -> session.execute(TableSpec.empty(3).update("X = i").where(filters.get(0))))
                .hasMessageContaining("INVALID_ARGUMENT").hasMessageContaining("java.lang.Runtime.getRuntime()");
        assertThat(marker).doesNotExist();
    }

    @Test
    void theOrdinaryQueryLanguageIsAccepted() throws Exception {
        TableHandle table = session.execute(TableSpec.empty(4).update(
                "X = i * 2 + 1", "Y = (long) i", "Z = (double) i / 4", "K = ii % 2",
                "A = abs(-i)", "B = sqrt(i)", "C = Math.sin(i) + java.lang.Math.max(i, 3)", "P = pow(2, i)",
                "S = `s` + i", "T = S.toUpperCase().substring(0, 1)", "L = S.length()",
                "U = i % 2 == 0 ? `even` : `odd`", "V = String.valueOf(i).length()",
                "W = Integer.parseInt(`12`) + i", "D = new java.math.BigDecimal(`1.5`).doubleValue()",
                "N = isNull(S)", "E = java.time.Instant.ofEpochSecond(i)", "H = S.hashCode() == S.hashCode()",
                "Q = S.equals(`s1`)", "R = E.toString()", "M = max(X, 5)")
                .where("X > 2 && S.startsWith(`s`)", "Y in 1, 2, 3", "U == `odd` || Y > 1")
                .view("X", "A", "T", "U", "W", "Q", "M"));
        try (var stream = client.flight(session).stream(table)) {
            assertThat(ArrowRows.read(stream)).containsExactly(
                    List.of(3, 1, "S", "odd", 13, true, 5),
                    List.of(5, 2, "S", "even", 14, false, 5),
                    List.of(7, 3, "S", "odd", 15, false, 7));
        }
    }

    @Test
    void extraMethodsAndClassesCanBeAllowedAndTheListTurnedOff() throws Exception {
        try (StartedServer extended = EmbeddedServerExtension.start(builder -> builder
                        .allowFormulaMethods("java.lang.System#getProperty").allowFormulaClasses("java.util.UUID"));
                StartedServer open = EmbeddedServerExtension.start(builder -> builder.formulaAllowList(false));
                OfficialClient extendedClient = extended.officialClient();
                OfficialClient openClient = open.officialClient()) {
            Session extendedSession = extendedClient.newSession();
            TableHandle allowed = extendedSession.execute(TableSpec.empty(1).update(
                    "H = System.getProperty(`java.specification.version`)",
                    "U = java.util.UUID.randomUUID().toString().length()"));
            assertThat(ArrowRows.read(extendedClient.flight(extendedSession).stream(allowed)))
                    .containsExactly(List.of(System.getProperty("java.specification.version"), 36));
            assertThatThrownBy(() -> extendedSession.execute(TableSpec.empty(1).update("X = System.getenv(`PATH`)")))
                    .hasMessageContaining("java.lang.System#getenv");

            Session openSession = openClient.newSession();
            TableHandle anything = openSession.execute(TableSpec.empty(1).update(
                    "E = System.getenv(`PATH`) != null"));
            assertThat(ArrowRows.read(openClient.flight(openSession).stream(anything))).containsExactly(List.of(true));
        }
    }

    @Test
    void malformedAllowListEntriesAreRefusedByTheBuilder() {
        assertThatThrownBy(() -> EmbeddedDeephavenServer.builder().allowFormulaMethods("java.lang.System.getenv"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("class#method");
        assertThatThrownBy(() -> EmbeddedDeephavenServer.builder().allowFormulaClasses("no.such.Type"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no.such.Type");
    }
}
