package dev.deephavencdi.server.reliability;

import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import dev.deephavencdi.server.testing.StartedServer;
import dev.deephavencdi.server.testing.TestServer;
import dev.deephavencdi.testing.Poll;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.deephavencdi.proto.ExportTicket;
import dev.deephavencdi.proto.SharedTicket;
import dev.deephavencdi.server.RawClient;
import io.deephaven.proto.backplane.grpc.AndCondition;
import io.deephaven.proto.backplane.grpc.BatchTableRequest;
import io.deephaven.proto.backplane.grpc.BatchTableRequest.Operation;
import io.deephaven.proto.backplane.grpc.CompareCondition;
import io.deephaven.proto.backplane.grpc.Condition;
import io.deephaven.proto.backplane.grpc.ConfigurationConstantsRequest;
import io.deephaven.proto.backplane.grpc.DropColumnsRequest;
import io.deephaven.proto.backplane.grpc.EmptyTableRequest;
import io.deephaven.proto.backplane.grpc.ExactJoinTablesRequest;
import io.deephaven.proto.backplane.grpc.ExportRequest;
import io.deephaven.proto.backplane.grpc.ExportedTableCreationResponse;
import io.deephaven.proto.backplane.grpc.FetchTableRequest;
import io.deephaven.proto.backplane.grpc.FilterTableRequest;
import io.deephaven.proto.backplane.grpc.FlattenRequest;
import io.deephaven.proto.backplane.grpc.HandshakeRequest;
import io.deephaven.proto.backplane.grpc.HeadOrTailRequest;
import io.deephaven.proto.backplane.grpc.InCondition;
import io.deephaven.proto.backplane.grpc.IsNullCondition;
import io.deephaven.proto.backplane.grpc.Literal;
import io.deephaven.proto.backplane.grpc.MergeTablesRequest;
import io.deephaven.proto.backplane.grpc.NaturalJoinTablesRequest;
import io.deephaven.proto.backplane.grpc.NotCondition;
import io.deephaven.proto.backplane.grpc.OrCondition;
import io.deephaven.proto.backplane.grpc.PublishRequest;
import io.deephaven.proto.backplane.grpc.Reference;
import io.deephaven.proto.backplane.grpc.ReleaseRequest;
import io.deephaven.proto.backplane.grpc.SelectDistinctRequest;
import io.deephaven.proto.backplane.grpc.SelectOrUpdateRequest;
import io.deephaven.proto.backplane.grpc.SliceRequest;
import io.deephaven.proto.backplane.grpc.SortDescriptor;
import io.deephaven.proto.backplane.grpc.SortTableRequest;
import io.deephaven.proto.backplane.grpc.TableReference;
import io.deephaven.proto.backplane.grpc.Ticket;
import io.deephaven.proto.backplane.grpc.TimeTableRequest;
import io.deephaven.proto.backplane.grpc.UnstructuredFilterTableRequest;
import io.deephaven.proto.backplane.grpc.Value;
import io.grpc.Status.Code;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of every implemented RPC with random and malformed input: tickets (empty, wrong route, truncated,
 * oversized, random bytes, other sessions' and released ones), batches of random operations and references, column
 * specs and filter strings, condition trees, sizes and enum values. The server must never answer {@code INTERNAL} or
 * {@code UNKNOWN}, never let a call run past its 10 s deadline, and must stay healthy: a fresh session still runs
 * {@code emptyTable(10).update("X=i")} and reads it, and nothing is left once the sessions close.
 *
 * <p>The seed is printed; repeat a run with {@code -Dfuzz.seed=N}. {@code -Dfuzz.cases=N} sets the number of calls
 * (300 by default, 5,000 under {@code -Psoak}).
 */
class FuzzTest {
    private static final Set<Code> NEVER = EnumSet.of(Code.INTERNAL, Code.UNKNOWN, Code.DEADLINE_EXCEEDED);
    private static final long DEADLINE_SECONDS = 10;

    private static final String[] NAMES = {"X", "Y", "S", "Z", "A1", "", "1X", "X Y", "i", "new", "Missing"};
    /** Few compilable formulas on purpose: each distinct one costs a javac run the first time. */
    private static final String[] EXPRESSIONS = {"i", "X * 2", "`a`", "X", "nosuch(X)", "X +", "(", "Missing + 1",
        "X.nosuchMethod()", "null", "ii_", "1 +* 2", "\"unterminated", "X ? Y", "new int[-1]"};
    private static final String[] FILTERS = {"X > 3", "X = 5", "S in `s1`, `s2`", "X < Y", "true", "X >", "Missing > 1",
        "X in", "(((", "X > `a`", "S icase in `A`", "!", "X == null", "Y >= 2 && X < 10"};
    private static final String[] PERIODS = {"PT1S", "PT0.5S", "garbage", "", "-PT1S", "PT0S", "P1D"};

    private final Random random;
    private final long seed;
    /** The table request being sent, named in a violation so that a failure can be reproduced by hand. */
    private com.google.protobuf.MessageOrBuilder request;
    private final List<Ticket> pool = new ArrayList<>();
    private final Map<String, Integer> outcomes = new TreeMap<>();
    private final List<String> violations = new ArrayList<>();
    private RawClient client;
    private int currentCase;

    FuzzTest() {
        seed = Long.getLong("fuzz.seed", System.nanoTime());
        random = new Random(seed);
    }

    @Test
    void randomAndMalformedRequestsNeverBreakTheServer() throws Exception {
        int cases = Integer.getInteger("fuzz.cases", 300);
        System.out.printf("FuzzTest: %d cases, seed %d (-Dfuzz.seed=%d to repeat)%n", cases, seed, seed);
        long start = System.nanoTime();
        try (StartedServer server = EmbeddedServerExtension.start(builder -> builder.maxExportsPerSession(500))) {
            client = new RawClient(server);
            login();
            for (int i = 0; i < cases; i++) {
                fuzzOne(server, i);
            }
            call("CloseSession", () -> client.sessions().closeSession(HandshakeRequest.getDefaultInstance()));
            client.close();
            assertThat(violations).as("seed %d: calls answered INTERNAL/UNKNOWN or past their deadline", seed)
                    .isEmpty();
            SoakTest.assertFreshSessionWorks(server);
            Poll.until(Duration.ofSeconds(10), () -> server.stats().isEmpty(), () -> "left: " + server.stats());
        }
        System.out.printf("FuzzTest: %d cases in %.1f s, seed %d; outcomes %s%n", cases,
                (System.nanoTime() - start) / 1e9, seed, outcomes);
    }

    /** Opens a session with a few well-formed tables to aim at, one of them published. */
    private void login() {
        client.resetAuthorization();
        client.login();
        pool.clear();
        Ticket empty = client.nextExport();
        client.tables().emptyTable(EmptyTableRequest.newBuilder().setResultId(empty).setSize(20).build());
        Ticket table = client.nextExport();
        client.tables().update(SelectOrUpdateRequest.newBuilder().setResultId(table)
                .setSourceId(TableReference.newBuilder().setTicket(empty))
                .addColumnSpecs("X = i").addColumnSpecs("Y = 2 * i").addColumnSpecs("S = `s` + i").build());
        SharedTicket shared = SharedTicket.random();
        client.sessions().publishFromTicket(PublishRequest.newBuilder().setSourceId(table)
                .setResultId(shared.toProto()).build());
        pool.add(empty);
        pool.add(table);
        pool.add(shared.toProto());
    }

    private void fuzzOne(TestServer server, int index) throws Exception {
        currentCase = index;
        int rpc = random.nextInt(14);
        switch (rpc) {
            case 0 -> fuzzAuthorization(server);
            case 1, 2 -> {
                BatchTableRequest.Builder batch = BatchTableRequest.newBuilder();
                int ops = random.nextInt(6);
                for (int i = 0; i < ops; i++) {
                    batch.addOps(operation(i));
                }
                request = batch.build();
                created("Batch", () -> {
                    List<ExportedTableCreationResponse> responses = new ArrayList<>();
                    tables().batch(batch.build()).forEachRemaining(responses::add);
                    return responses.stream().filter(ExportedTableCreationResponse::getSuccess)
                            .map(response -> response.getResultId().getTicket()).toList();
                });
                request = null;
            }
            case 3, 4, 5, 6 -> fuzzUnary(operation(0));
            case 7 -> call("GetExportedTableCreationResponse",
                    () -> tables().getExportedTableCreationResponse(ticket()));
            case 8 -> call("PublishFromTicket", () -> client.sessions().withDeadlineAfter(DEADLINE_SECONDS,
                    TimeUnit.SECONDS).publishFromTicket(PublishRequest.newBuilder().setSourceId(ticket())
                    .setResultId(random.nextBoolean() ? SharedTicket.random().toProto() : ticket()).build()));
            case 9 -> {
                Ticket result = resultTicket();
                if (call("ExportFromTicket", () -> client.sessions().withDeadlineAfter(DEADLINE_SECONDS,
                        TimeUnit.SECONDS).exportFromTicket(ExportRequest.newBuilder().setSourceId(ticket())
                        .setResultId(result).build()))) {
                    pool.add(result);
                }
            }
            case 10 -> call("Release", () -> client.sessions().withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                    .release(ReleaseRequest.newBuilder().setId(ticket()).build()));
            case 11, 12 -> call("DoGet", () -> client.doGetMessages(ticket(), Duration.ofSeconds(DEADLINE_SECONDS)));
            default -> {
                if (random.nextInt(5) == 0) {
                    int protocol = random.nextInt(3) == 0 ? random.nextInt() : 0;
                    if (call("CloseSession", () -> client.sessions().withDeadlineAfter(DEADLINE_SECONDS,
                            TimeUnit.SECONDS).closeSession(HandshakeRequest.newBuilder().setAuthProtocol(protocol)
                            .build()))) {
                        call("GetConfigurationConstants after close", () -> client.config()
                                .getConfigurationConstants(ConfigurationConstantsRequest.getDefaultInstance()));
                        login();
                    }
                } else {
                    call("GetConfigurationConstants", () -> client.config().withDeadlineAfter(DEADLINE_SECONDS,
                            TimeUnit.SECONDS).getConfigurationConstants(ConfigurationConstantsRequest
                            .getDefaultInstance()));
                }
            }
        }
    }

    /** Logs in (or fails to) with a random authorization value, then closes whatever session it opened. */
    private void fuzzAuthorization(TestServer server) throws Exception {
        String printable = garbage().replaceAll("[^\\x20-\\x7e]", "?"); // what an HTTP/2 header can carry
        String[] values = {"Anonymous", "Anonymous x", "Bearer ", "Bearer " + printable, "Basic Zm9vOmJhcg==", "",
            "io.deephaven.authentication.psk.PskAuthenticationHandler " + printable, printable, "Bearer",
            client.authorization() + "x", server.authentication(), "Anonymous"};
        try (RawClient other = new RawClient(server, values[random.nextInt(values.length)])) {
            if (call("GetConfigurationConstants (random authorization)", other::login)) {
                call("CloseSession (random authorization)",
                        () -> other.sessions().closeSession(HandshakeRequest.getDefaultInstance()));
            }
        }
    }

    private void fuzzUnary(Operation operation) {
        TableServiceCall unary = UNARY.get(operation.getOpCase());
        if (unary == null) {
            return;
        }
        request = operation;
        created(operation.getOpCase().name().toLowerCase(), () -> {
            ExportedTableCreationResponse response = unary.call(tables(), operation);
            return response.getSuccess() ? List.of(response.getResultId().getTicket()) : List.of();
        });
        request = null;
    }

    private interface TableServiceCall {
        ExportedTableCreationResponse call(
                io.deephaven.proto.backplane.grpc.TableServiceGrpc.TableServiceBlockingStub stub, Operation op);
    }

    private static final Map<Operation.OpCase, TableServiceCall> UNARY = Map.ofEntries(
            Map.entry(Operation.OpCase.EMPTY_TABLE, (s, op) -> s.emptyTable(op.getEmptyTable())),
            Map.entry(Operation.OpCase.TIME_TABLE, (s, op) -> s.timeTable(op.getTimeTable())),
            Map.entry(Operation.OpCase.UPDATE, (s, op) -> s.update(op.getUpdate())),
            Map.entry(Operation.OpCase.LAZY_UPDATE, (s, op) -> s.lazyUpdate(op.getLazyUpdate())),
            Map.entry(Operation.OpCase.VIEW, (s, op) -> s.view(op.getView())),
            Map.entry(Operation.OpCase.UPDATE_VIEW, (s, op) -> s.updateView(op.getUpdateView())),
            Map.entry(Operation.OpCase.SELECT, (s, op) -> s.select(op.getSelect())),
            Map.entry(Operation.OpCase.SELECT_DISTINCT, (s, op) -> s.selectDistinct(op.getSelectDistinct())),
            Map.entry(Operation.OpCase.UNSTRUCTURED_FILTER, (s, op) -> s.unstructuredFilter(op.getUnstructuredFilter())),
            Map.entry(Operation.OpCase.FILTER, (s, op) -> s.filter(op.getFilter())),
            Map.entry(Operation.OpCase.SORT, (s, op) -> s.sort(op.getSort())),
            Map.entry(Operation.OpCase.HEAD, (s, op) -> s.head(op.getHead())),
            Map.entry(Operation.OpCase.TAIL, (s, op) -> s.tail(op.getTail())),
            Map.entry(Operation.OpCase.SLICE, (s, op) -> s.slice(op.getSlice())),
            Map.entry(Operation.OpCase.DROP_COLUMNS, (s, op) -> s.dropColumns(op.getDropColumns())),
            Map.entry(Operation.OpCase.MERGE, (s, op) -> s.mergeTables(op.getMerge())),
            Map.entry(Operation.OpCase.NATURAL_JOIN, (s, op) -> s.naturalJoinTables(op.getNaturalJoin())),
            Map.entry(Operation.OpCase.EXACT_JOIN, (s, op) -> s.exactJoinTables(op.getExactJoin())),
            Map.entry(Operation.OpCase.FLATTEN, (s, op) -> s.flatten(op.getFlatten())),
            Map.entry(Operation.OpCase.FETCH_TABLE, (s, op) -> s.fetchTable(op.getFetchTable())),
            Map.entry(Operation.OpCase.AGGREGATE_ALL, (s, op) -> s.aggregateAll(op.getAggregateAll())),
            Map.entry(Operation.OpCase.AGGREGATE, (s, op) -> s.aggregate(op.getAggregate())),
            Map.entry(Operation.OpCase.HEAD_BY, (s, op) -> s.headBy(op.getHeadBy())),
            Map.entry(Operation.OpCase.CROSS_JOIN, (s, op) -> s.crossJoinTables(op.getCrossJoin())),
            Map.entry(Operation.OpCase.AJ, (s, op) -> s.ajTables(op.getAj())),
            Map.entry(Operation.OpCase.WHERE_IN, (s, op) -> s.whereIn(op.getWhereIn())),
            Map.entry(Operation.OpCase.UNGROUP, (s, op) -> s.ungroup(op.getUngroup())),
            Map.entry(Operation.OpCase.UPDATE_BY, (s, op) -> s.updateBy(op.getUpdateBy())),
            Map.entry(Operation.OpCase.SNAPSHOT, (s, op) -> s.snapshot(op.getSnapshot())),
            Map.entry(Operation.OpCase.META_TABLE, (s, op) -> s.metaTable(op.getMetaTable())));

    /** A random table operation; {@code position} bounds the batch offsets worth aiming at. */
    private Operation operation(int position) {
        Operation.Builder op = Operation.newBuilder();
        Ticket result = resultTicket();
        switch (random.nextInt(31)) {
            case 0 -> op.setEmptyTable(EmptyTableRequest.newBuilder().setResultId(result)
                    .setSize(random.nextInt(1000) - 5));
            case 1 -> {
                TimeTableRequest.Builder time = TimeTableRequest.newBuilder().setResultId(result);
                if (random.nextBoolean()) {
                    long[] periods = {-1, 0, 1_000_000, 500_000_000, 1_000_000_000};
                    time.setPeriodNanos(periods[random.nextInt(periods.length)]);
                } else {
                    time.setPeriodString(pick(PERIODS));
                }
                if (random.nextBoolean()) {
                    // recent: a start long ago makes a legitimately huge table (a year of 1 ms rows)
                    time.setStartTimeString(random.nextBoolean()
                            ? java.time.Instant.now().minusSeconds(random.nextInt(10)).toString() : garbage());
                }
                op.setTimeTable(time.setBlinkTable(random.nextBoolean()));
            }
            case 2 -> op.setUpdate(selectOrUpdate(result, position));
            case 3 -> op.setLazyUpdate(selectOrUpdate(result, position));
            case 4 -> op.setView(selectOrUpdate(result, position));
            case 5 -> op.setUpdateView(selectOrUpdate(result, position));
            case 6 -> op.setSelect(selectOrUpdate(result, position));
            case 7 -> op.setSelectDistinct(SelectDistinctRequest.newBuilder().setResultId(result)
                    .setSourceId(reference(position)).addAllColumnNames(strings(() -> pick(NAMES))));
            case 8 -> op.setUnstructuredFilter(UnstructuredFilterTableRequest.newBuilder().setResultId(result)
                    .setSourceId(reference(position)).addAllFilters(strings(this::filter)));
            case 9 -> op.setFilter(FilterTableRequest.newBuilder().setResultId(result)
                    .setSourceId(reference(position)).addAllFilters(conditions(2)));
            case 10 -> {
                SortTableRequest.Builder sort = SortTableRequest.newBuilder().setResultId(result)
                        .setSourceId(reference(position));
                for (int i = random.nextInt(3); i > 0; i--) {
                    sort.addSorts(SortDescriptor.newBuilder().setColumnName(pick(NAMES))
                            .setDirectionValue(random.nextInt(5) - 2).setIsAbsolute(random.nextInt(5) == 0));
                }
                op.setSort(sort);
            }
            case 11 -> op.setHead(HeadOrTailRequest.newBuilder().setResultId(result)
                    .setSourceId(reference(position)).setNumRows(random.nextInt(50) - 5));
            case 12 -> op.setTail(HeadOrTailRequest.newBuilder().setResultId(result)
                    .setSourceId(reference(position)).setNumRows(random.nextInt(50) - 5));
            case 13 -> op.setSlice(SliceRequest.newBuilder().setResultId(result).setSourceId(reference(position))
                    .setFirstPositionInclusive(random.nextInt(60) - 30)
                    .setLastPositionExclusive(random.nextInt(60) - 30));
            case 14 -> op.setDropColumns(DropColumnsRequest.newBuilder().setResultId(result)
                    .setSourceId(reference(position)).addAllColumnNames(strings(() -> pick(NAMES))));
            case 15 -> {
                MergeTablesRequest.Builder merge = MergeTablesRequest.newBuilder().setResultId(result);
                for (int i = random.nextInt(4); i > 0; i--) {
                    merge.addSourceIds(reference(position));
                }
                if (random.nextBoolean()) {
                    merge.setKeyColumn(pick(NAMES));
                }
                op.setMerge(merge);
            }
            case 16 -> op.setNaturalJoin(NaturalJoinTablesRequest.newBuilder().setResultId(result)
                    .setLeftId(reference(position)).setRightId(reference(position))
                    .addAllColumnsToMatch(strings(this::joinColumn)).addAllColumnsToAdd(strings(this::joinColumn))
                    .setJoinTypeValue(random.nextInt(7) - 1));
            case 17 -> op.setExactJoin(ExactJoinTablesRequest.newBuilder().setResultId(result)
                    .setLeftId(reference(position)).setRightId(reference(position))
                    .addAllColumnsToMatch(strings(this::joinColumn)).addAllColumnsToAdd(strings(this::joinColumn)));
            case 18 -> op.setFlatten(FlattenRequest.newBuilder().setResultId(result)
                    .setSourceId(reference(position)));
            case 19 -> op.setFetchTable(FetchTableRequest.newBuilder().setResultId(result)
                    .setSourceId(reference(position)));
            case 20 -> op.setAggregateAll(io.deephaven.proto.backplane.grpc.AggregateAllRequest.newBuilder()
                    .setResultId(result).setSourceId(reference(position)).setSpec(aggSpec())
                    .addAllGroupByColumns(strings(() -> pick(NAMES))));
            case 21 -> {
                var aggregate = io.deephaven.proto.backplane.grpc.AggregateRequest.newBuilder().setResultId(result)
                        .setSourceId(reference(position)).addAllGroupByColumns(strings(() -> pick(NAMES)))
                        .setPreserveEmpty(random.nextBoolean());
                for (int i = random.nextInt(3); i > 0; i--) {
                    var aggregation = io.deephaven.proto.backplane.grpc.Aggregation.newBuilder();
                    switch (random.nextInt(4)) {
                        case 0 -> aggregation.setColumns(io.deephaven.proto.backplane.grpc.Aggregation
                                .AggregationColumns.newBuilder().setSpec(aggSpec())
                                .addAllMatchPairs(strings(this::joinColumn)));
                        case 1 -> aggregation.setCount(io.deephaven.proto.backplane.grpc.Aggregation.AggregationCount
                                .newBuilder().setColumnName(pick(NAMES)));
                        case 2 -> aggregation.setCountWhere(io.deephaven.proto.backplane.grpc.Aggregation
                                .AggregationCountWhere.newBuilder().setColumnName(pick(NAMES))
                                .addAllFilters(strings(this::filter)));
                        default -> { } // no type set
                    }
                    aggregate.addAggregations(aggregation);
                }
                op.setAggregate(aggregate);
            }
            case 22 -> op.setHeadBy(io.deephaven.proto.backplane.grpc.HeadOrTailByRequest.newBuilder()
                    .setResultId(result).setSourceId(reference(position)).setNumRows(random.nextInt(10) - 2)
                    .addAllGroupByColumnSpecs(strings(() -> pick(NAMES))));
            case 23 -> op.setCrossJoin(io.deephaven.proto.backplane.grpc.CrossJoinTablesRequest.newBuilder()
                    .setResultId(result).setLeftId(reference(position)).setRightId(reference(position))
                    .addAllColumnsToMatch(strings(this::joinColumn)).addAllColumnsToAdd(strings(this::joinColumn))
                    .setReserveBits(random.nextInt(70) - 3));
            case 24 -> op.setAj(io.deephaven.proto.backplane.grpc.AjRajTablesRequest.newBuilder()
                    .setResultId(result).setLeftId(reference(position)).setRightId(reference(position))
                    .addAllExactMatchColumns(strings(this::joinColumn)).setAsOfColumn(joinColumn())
                    .addAllColumnsToAdd(strings(this::joinColumn)));
            case 25 -> op.setWhereIn(io.deephaven.proto.backplane.grpc.WhereInRequest.newBuilder()
                    .setResultId(result).setLeftId(reference(position)).setRightId(reference(position))
                    .addAllColumnsToMatch(strings(this::joinColumn)).setInverted(random.nextBoolean()));
            case 26 -> op.setUngroup(io.deephaven.proto.backplane.grpc.UngroupRequest.newBuilder()
                    .setResultId(result).setSourceId(reference(position))
                    .addAllColumnsToUngroup(strings(() -> pick(NAMES))).setNullFill(random.nextBoolean()));
            case 27 -> {
                var spec = io.deephaven.proto.backplane.grpc.UpdateByRequest.UpdateByOperation.UpdateByColumn
                        .UpdateBySpec.newBuilder();
                var window = io.deephaven.proto.backplane.grpc.UpdateByWindowScale.newBuilder().setTicks(
                        io.deephaven.proto.backplane.grpc.UpdateByWindowScale.UpdateByWindowTicks.newBuilder()
                                .setTicks(random.nextInt(6) - 1));
                switch (random.nextInt(4)) {
                    case 0 -> spec.setSum(spec.getSumBuilder());
                    case 1 -> spec.setRollingSum(spec.getRollingSumBuilder().setReverseWindowScale(window));
                    case 2 -> spec.setEma(spec.getEmaBuilder().setWindowScale(window));
                    default -> { } // no spec set
                }
                op.setUpdateBy(io.deephaven.proto.backplane.grpc.UpdateByRequest.newBuilder().setResultId(result)
                        .setSourceId(reference(position)).addAllGroupByColumns(strings(() -> pick(NAMES)))
                        .addOperations(io.deephaven.proto.backplane.grpc.UpdateByRequest.UpdateByOperation
                                .newBuilder().setColumn(io.deephaven.proto.backplane.grpc.UpdateByRequest
                                        .UpdateByOperation.UpdateByColumn.newBuilder().setSpec(spec)
                                        .addAllMatchPairs(strings(this::joinColumn)))));
            }
            case 28 -> op.setSnapshot(io.deephaven.proto.backplane.grpc.SnapshotTableRequest.newBuilder()
                    .setResultId(result).setSourceId(reference(position)));
            case 29 -> op.setMetaTable(io.deephaven.proto.backplane.grpc.MetaTableRequest.newBuilder()
                    .setResultId(result).setSourceId(reference(position)));
            default -> { } // no operation set at all
        }
        return op.build();
    }

    /** A random aggregation spec, sometimes with nothing set or nonsense parameters. */
    private io.deephaven.proto.backplane.grpc.AggSpec aggSpec() {
        var spec = io.deephaven.proto.backplane.grpc.AggSpec.newBuilder();
        switch (random.nextInt(8)) {
            case 0 -> spec.setSum(spec.getSumBuilder());
            case 1 -> spec.setAvg(spec.getAvgBuilder());
            case 2 -> spec.setFirst(spec.getFirstBuilder());
            case 3 -> spec.setGroup(spec.getGroupBuilder());
            case 4 -> spec.setPercentile(spec.getPercentileBuilder().setPercentile(random.nextDouble() * 3 - 1));
            case 5 -> spec.setWeightedAvg(spec.getWeightedAvgBuilder().setWeightColumn(pick(NAMES)));
            case 6 -> spec.setSortedFirst(spec.getSortedFirstBuilder().addColumns(
                    io.deephaven.proto.backplane.grpc.AggSpec.AggSpecSortedColumn.newBuilder()
                            .setColumnName(pick(NAMES))));
            default -> { } // no type set
        }
        return spec.build();
    }

    private SelectOrUpdateRequest selectOrUpdate(Ticket result, int position) {
        return SelectOrUpdateRequest.newBuilder().setResultId(result).setSourceId(reference(position))
                .addAllColumnSpecs(strings(this::columnSpec)).build();
    }

    private String columnSpec() {
        int form = random.nextInt(20);
        if (form < 12) {
            return pick(NAMES) + (random.nextBoolean() ? " = " : "=") + pick(EXPRESSIONS);
        }
        if (form < 15) {
            return pick(NAMES);
        }
        if (form < 18) {
            return garbage();
        }
        return form == 18 ? pick(EXPRESSIONS) : "";
    }

    private String filter() {
        return random.nextInt(5) == 0 ? garbage() : pick(FILTERS);
    }

    private String joinColumn() {
        String[] columns = {"X", "X=Y", "Missing", "", "Y=X", "S", "Z=X", garbage()};
        return pick(columns);
    }

    private List<Condition> conditions(int depth) {
        List<Condition> conditions = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            conditions.add(condition(depth));
        }
        return conditions;
    }

    private Condition condition(int depth) {
        Condition.Builder condition = Condition.newBuilder();
        switch (depth <= 0 ? 3 + random.nextInt(4) : random.nextInt(8)) {
            case 0 -> condition.setAnd(AndCondition.newBuilder().addAllFilters(conditions(depth - 1)));
            case 1 -> condition.setOr(OrCondition.newBuilder().addAllFilters(conditions(depth - 1)));
            case 2 -> condition.setNot(NotCondition.newBuilder().setFilter(condition(depth - 1)));
            case 3 -> condition.setCompare(CompareCondition.newBuilder().setOperationValue(random.nextInt(8) - 1)
                    .setCaseSensitivityValue(random.nextInt(3)).setLhs(value()).setRhs(value()));
            case 4 -> condition.setIn(InCondition.newBuilder().setTarget(value())
                    .addAllCandidates(random.nextBoolean() ? List.of(value()) : List.of(value(), value()))
                    .setMatchTypeValue(random.nextInt(3)).setCaseSensitivityValue(random.nextInt(3)));
            case 5 -> condition.setIsNull(IsNullCondition.newBuilder().setReference(Reference.newBuilder()
                    .setColumnName(pick(NAMES))));
            default -> { } // empty condition
        }
        return condition.build();
    }

    private Value value() {
        Value.Builder value = Value.newBuilder();
        switch (random.nextInt(7)) {
            case 0, 1 -> value.setReference(Reference.newBuilder().setColumnName(pick(NAMES)));
            case 2 -> value.setLiteral(Literal.newBuilder().setLongValue(random.nextInt(40) - 5));
            case 3 -> value.setLiteral(Literal.newBuilder().setDoubleValue(random.nextGaussian()));
            case 4 -> value.setLiteral(Literal.newBuilder().setStringValue(random.nextBoolean() ? "s1" : garbage()));
            case 5 -> value.setLiteral(Literal.newBuilder().setBoolValue(random.nextBoolean()));
            default -> { } // empty value
        }
        return value.build();
    }

    private TableReference reference(int position) {
        int kind = random.nextInt(10);
        if (kind < 7) {
            return TableReference.newBuilder().setTicket(ticket()).build();
        }
        if (kind < 9) {
            return TableReference.newBuilder().setBatchOffset(random.nextInt(position + 4) - 2).build();
        }
        return TableReference.getDefaultInstance();
    }

    /** Where a created table goes: usually a fresh export, sometimes none, a reused or a malformed ticket. */
    private Ticket resultTicket() {
        int kind = random.nextInt(10);
        if (kind < 6) {
            return client.nextExport();
        }
        return kind < 8 ? Ticket.getDefaultInstance() : ticket();
    }

    /** A ticket to read from: valid ones of this session, and every kind of malformed or foreign one. */
    private Ticket ticket() {
        byte[] bytes = switch (random.nextInt(16)) { // 8 and up: a ticket of this session's pool
            case 0 -> new byte[0];
            case 1 -> prefixed((byte) (random.nextBoolean() ? 's' : random.nextInt(256)), random.nextInt(9));
            case 2 -> prefixed((byte) 'e', random.nextInt(4));
            case 3 -> prefixed((byte) 'e', 5 + random.nextInt(8));
            case 4 -> new byte[] {'h'};
            case 5 -> prefixed((byte) 'h', 65 + random.nextInt(200));
            case 6 -> randomBytes(random.nextInt(41));
            case 7 -> new ExportTicket(random.nextBoolean() ? random.nextInt() : random.nextInt(5) - 2)
                    .toByteString().toByteArray();
            case 10 -> SharedTicket.random().toBytes();
            default -> null;
        };
        if (bytes != null) {
            if (bytes.length > 0 && bytes[0] == 'h' && random.nextBoolean() && bytes.length > 1) {
                bytes[0] = (byte) 'H';
            }
            return Ticket.newBuilder().setTicket(ByteString.copyFrom(bytes)).build();
        }
        return pool.get(random.nextInt(pool.size()));
    }

    private byte[] prefixed(byte route, int length) {
        byte[] bytes = randomBytes(length + 1);
        bytes[0] = route;
        return bytes;
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private String garbage() {
        String alphabet = "abcXYZi0123456789 =+-*/()<>!&|`'\"\\.,;:[]{}?_$#@%^~\t\nλ€\u0000";
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(25); i > 0; i--) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private List<String> strings(java.util.function.Supplier<String> item) {
        List<String> items = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            items.add(item.get());
        }
        return items;
    }

    private <T> T pick(T[] items) {
        return items[random.nextInt(items.length)];
    }

    private io.deephaven.proto.backplane.grpc.TableServiceGrpc.TableServiceBlockingStub tables() {
        return client.tables().withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    /** Runs a call that may create exports; successful results join the pool of tickets to aim at. */
    private void created(String rpc, java.util.concurrent.Callable<List<Ticket>> call) {
        call(rpc, () -> {
            try {
                for (Ticket ticket : call.call()) {
                    if (!ticket.getTicket().isEmpty()) {
                        pool.add(ticket);
                    }
                }
            } catch (StatusRuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private interface Call {
        void run() throws Exception;
    }

    /** @return whether the call succeeded; records its outcome, and a violation for a forbidden status */
    private boolean call(String rpc, Call call) {
        try {
            call.run();
            outcomes.merge(rpc + " OK", 1, Integer::sum);
            return true;
        } catch (StatusRuntimeException e) {
            Code code = e.getStatus().getCode();
            outcomes.merge(rpc + " " + code, 1, Integer::sum);
            if (NEVER.contains(code)) {
                violations.add("case " + currentCase + ": " + rpc + " answered " + e.getStatus()
                        + (request == null ? "" : " for " + com.google.protobuf.TextFormat.shortDebugString(request)));
            }
            return false;
        } catch (Exception e) {
            violations.add("case " + currentCase + ": " + rpc + " threw " + e);
            return false;
        }
    }
}
