package dev.deephavencdi.server.internal.formula;

import dev.deephavencdi.server.internal.ServerErrors;
import io.deephaven.api.Selectable;
import io.deephaven.engine.table.Table;
import io.deephaven.engine.table.TableDefinition;
import io.deephaven.engine.table.impl.QueryTable;
import io.deephaven.engine.table.impl.lang.FormulaMethodInvocations;
import io.deephaven.engine.table.impl.select.AbstractConditionFilter;
import io.deephaven.engine.table.impl.select.ComposedFilter;
import io.deephaven.engine.table.impl.select.DhFormulaColumn;
import io.deephaven.engine.table.impl.select.FormulaColumn;
import io.deephaven.engine.table.impl.select.MatchFilter;
import io.deephaven.engine.table.impl.select.RangeFilter;
import io.deephaven.engine.table.impl.select.SelectColumn;
import io.deephaven.engine.table.impl.select.SwitchColumn;
import io.deephaven.engine.table.impl.select.WhereFilter;
import io.deephaven.engine.table.impl.select.WhereFilterDelegatingBase;
import io.deephaven.engine.table.impl.select.WhereFilterFactory;
import io.deephaven.engine.util.TableTools;
import io.deephaven.engine.table.ColumnDefinition;
import io.deephaven.proto.backplane.grpc.AggSpec;
import io.deephaven.proto.backplane.grpc.AggregateRequest;
import io.deephaven.proto.backplane.grpc.Aggregation;
import io.deephaven.proto.backplane.grpc.BatchTableRequest.Operation;
import io.deephaven.proto.backplane.grpc.UpdateByRequest;
import io.deephaven.vector.VectorFactory;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Refuses, before it runs, a table operation whose formulas call something the {@link FormulaAllowList} does not
 * allow. What a formula calls is decided by the engine itself: its formula columns are analysed as
 * {@code update} would analyse them (the engine's {@code QueryLanguageParser} records every method and constructor
 * a formula invokes, with the overload it resolved), and a filter is analysed as the boolean formula it compiles
 * to. Nothing here looks at formula text.
 *
 * <p>Must run inside the engine's execution context (it parses formulas with the engine's query library).
 */
public final class FormulaGuard {
    /** What the refusal tells the caller to change; the README documents the same names. */
    static final String HOW_TO_ALLOW = "to allow it, add '%s' to the allowed formula methods"
            + " (deephaven.cdi.embedded.formula-allowed-methods, EmbeddedDeephavenServer.Builder"
            + ".allowFormulaMethods, or --allow-formula-method)";

    private final FormulaAllowList allowList;

    public FormulaGuard(FormulaAllowList allowList) {
        this.allowList = allowList;
    }

    /**
     * Checks the formulas a table operation carries against the tables it reads.
     *
     * @throws io.grpc.StatusRuntimeException {@code INVALID_ARGUMENT} naming the call that is not allowed
     */
    public void check(Operation operation, List<Table> sources) {
        if (!allowList.enabled() || sources.isEmpty()) {
            return;
        }
        TableDefinition definition = sources.get(0).getDefinition();
        switch (operation.getOpCase()) {
            case UPDATE -> checkColumns(definition, operation.getUpdate().getColumnSpecsList());
            case LAZY_UPDATE -> checkColumns(definition, operation.getLazyUpdate().getColumnSpecsList());
            case VIEW -> checkColumns(definition, operation.getView().getColumnSpecsList());
            case UPDATE_VIEW -> checkColumns(definition, operation.getUpdateView().getColumnSpecsList());
            case SELECT -> checkColumns(definition, operation.getSelect().getColumnSpecsList());
            case SELECT_DISTINCT -> checkColumns(definition, operation.getSelectDistinct().getColumnNamesList());
            case UNSTRUCTURED_FILTER -> checkFilters(definition, operation.getUnstructuredFilter().getFiltersList());
            case AGGREGATE -> checkAggregations(definition, operation.getAggregate());
            case AGGREGATE_ALL -> checkSpec(grouped(definition, operation.getAggregateAll().getGroupByColumnsList()),
                    operation.getAggregateAll().getSpec(), valueColumns(definition,
                            operation.getAggregateAll().getGroupByColumnsList()));
            case UPDATE_BY -> checkUpdateBy(definition, operation.getUpdateBy());
            default -> {
                // the other operations take column names, literals and structured conditions: no code
            }
        }
    }

    /**
     * Formula aggregations see each value column as the vector of its group's values (an {@code IntVector} for an
     * {@code int} column), so they are analysed against that view of the table; {@code count_where} filters see
     * rows.
     */
    private void checkAggregations(TableDefinition definition, AggregateRequest request) {
        TableDefinition groups = grouped(definition, request.getGroupByColumnsList());
        for (Aggregation aggregation : request.getAggregationsList()) {
            switch (aggregation.getTypeCase()) {
                case FORMULA -> checkColumns(groups, List.of(aggregation.getFormula().getSelectable().getRaw()));
                case COUNT_WHERE -> checkFilters(definition, aggregation.getCountWhere().getFiltersList());
                case COLUMNS -> checkSpec(groups, aggregation.getColumns().getSpec(),
                        aggregation.getColumns().getMatchPairsList());
                default -> {
                    // counts, row keys and partitions carry no code
                }
            }
        }
    }

    /** A {@code formula} spec applied to each column of a match-pair list ({@code "Out=In"} or {@code "In"}). */
    private void checkSpec(TableDefinition groups, AggSpec spec, List<String> matchPairs) {
        if (spec.getTypeCase() != AggSpec.TypeCase.FORMULA) {
            return;
        }
        String token = spec.getFormula().getParamToken().isEmpty() ? "each" : spec.getFormula().getParamToken();
        checkPerColumn(groups, spec.getFormula().getFormula(), token, matchPairs);
    }

    private void checkUpdateBy(TableDefinition definition, UpdateByRequest request) {
        TableDefinition windows = grouped(definition, request.getGroupByColumnsList());
        for (UpdateByRequest.UpdateByOperation operation : request.getOperationsList()) {
            var column = operation.getColumn();
            var spec = column.getSpec();
            switch (spec.getTypeCase()) {
                case ROLLING_FORMULA -> checkPerColumn(windows, spec.getRollingFormula().getFormula(),
                        spec.getRollingFormula().getParamToken(), column.getMatchPairsList());
                case COUNT_WHERE -> checkFilters(definition, spec.getCountWhere().getFiltersList());
                case ROLLING_COUNT_WHERE -> checkFilters(definition, spec.getRollingCountWhere().getFiltersList());
                default -> {
                    // the cumulative, EMA and rolling statistics carry no code
                }
            }
        }
    }

    /**
     * Checks {@code formula} once per input column, with the parameter token replaced by the column's name as the
     * engine does; without a token, the formula names its columns itself (a multi-column rolling formula).
     */
    private void checkPerColumn(TableDefinition view, String formula, String token, List<String> matchPairs) {
        if (formula.isBlank()) {
            return; // refused as malformed by the operation's own mapping
        }
        if (token == null || token.isEmpty()) {
            checkColumns(view, List.of("__formula_checked_by_allow_list = " + formula));
            return;
        }
        for (String pair : matchPairs) {
            String input = pair.contains("=") ? pair.substring(pair.indexOf('=') + 1).strip() : pair.strip();
            if (view.getColumn(input) == null) {
                continue; // the engine refuses the unknown column before anything runs
            }
            String applied = formula.replaceAll("\\b" + java.util.regex.Pattern.quote(token) + "\\b",
                    java.util.regex.Matcher.quoteReplacement(input));
            checkColumns(view, List.of("__formula_checked_by_allow_list = " + applied));
        }
    }

    /** The table as a formula aggregation sees it: key columns as they are, every other column as a vector. */
    private static TableDefinition grouped(TableDefinition definition, List<String> keyColumns) {
        List<ColumnDefinition<?>> columns = new java.util.ArrayList<>();
        for (ColumnDefinition<?> column : definition.getColumns()) {
            if (keyColumns.contains(column.getName())) {
                columns.add(column);
            } else {
                Class<?> vector = VectorFactory.forElementType(column.getDataType()).vectorType();
                columns.add(ColumnDefinition.fromGenericType(column.getName(), vector, column.getDataType()));
            }
        }
        return TableDefinition.of(columns);
    }

    private static List<String> valueColumns(TableDefinition definition, List<String> keyColumns) {
        return definition.getColumnNames().stream().filter(name -> !keyColumns.contains(name)).toList();
    }

    /** Checks {@code update}-style column specs ({@code "X = i * 2"}), each seeing the columns before it. */
    public void checkColumns(TableDefinition definition, List<String> specs) {
        if (!allowList.enabled() || specs.isEmpty()) {
            return;
        }
        SelectColumn[] columns = SelectColumn.from(specs.stream().map(String::strip).map(Selectable::parse)
                .toList());
        QueryTable prototype = (QueryTable) TableTools.newTable(definition);
        SelectColumn[] analysed = prototype.validateSelect(columns).getClonedColumns();
        for (int i = 0; i < analysed.length; i++) {
            checkColumn(analysed[i], specs.get(i));
        }
    }

    /** Checks filter strings ({@code "X > 5"}, {@code "S.startsWith(`A`)"}). */
    public void checkFilters(TableDefinition definition, List<String> filters) {
        if (!allowList.enabled()) {
            return;
        }
        for (String filter : filters) {
            WhereFilter parsed = WhereFilterFactory.getExpression(filter);
            // condition filters are checked before init, which would run javac on them; match and range filters
            // only show after init whether they fall back to a compiled condition
            boolean compiled = compilesCode(parsed);
            if (!compiled) {
                try {
                    parsed.init(definition);
                } catch (RuntimeException cannotApply) {
                    continue; // the engine will refuse it the same way before anything runs
                }
                compiled = compilesCode(parsed);
            }
            if (compiled) {
                // the engine compiles this filter (or part of it) as a boolean formula: analyse that formula
                checkColumns(definition, List.of("__filter_checked_by_allow_list = (" + filter + ")"));
            }
        }
    }

    /**
     * Whether a filter, or a filter it falls back to, runs a compiled formula; a range filter whose real filter
     * is not known yet (before init) counts as one.
     */
    private static boolean compilesCode(WhereFilter filter) {
        if (filter instanceof AbstractConditionFilter) {
            return true;
        }
        if (filter instanceof RangeFilter range) {
            return range.getRealFilter() == null || compilesCode(range.getRealFilter());
        }
        if (filter instanceof MatchFilter match) {
            return match.getFailoverFilterIfCached() != null;
        }
        if (filter instanceof ComposedFilter composed) {
            return composed.getFilters().stream().anyMatch(FormulaGuard::compilesCode);
        }
        if (filter instanceof WhereFilterDelegatingBase delegating) {
            return compilesCode(delegating.getWrappedFilter());
        }
        return false;
    }

    private void checkColumn(SelectColumn column, String spec) {
        SelectColumn real = column;
        while (real instanceof SwitchColumn switchColumn) {
            real = switchColumn.getRealColumn();
        }
        if (!(real instanceof FormulaColumn)) {
            return; // a plain column reference or rename: no code
        }
        if (!(real instanceof DhFormulaColumn formula)) {
            throw ServerErrors.invalidArgument("formula '" + spec + "' cannot be checked against the formula"
                    + " allow list (" + real.getClass().getSimpleName() + "); only Java query-language formulas"
                    + " are accepted");
        }
        FormulaMethodInvocations invocations = formula.getFormulaMethodInvocations();
        if (invocations.hasImplicitCalls()) {
            throw ServerErrors.invalidArgument("formula '" + spec + "' makes implicit calls (Python callables),"
                    + " which the embedded server does not run");
        }
        for (Constructor<?> constructor : invocations.getUsedConstructors()) {
            if (!allowList.permits(constructor)) {
                throw refused(spec, constructor, "new " + constructor.getDeclaringClass().getName() + "("
                        + parameters(constructor) + ")");
            }
        }
        for (Method method : invocations.getUsedMethods()) {
            if (!allowList.permits(method)) {
                String kind = Modifier.isStatic(method.getModifiers()) ? "static method " : "method ";
                throw refused(spec, method, kind + method.getDeclaringClass().getName() + "." + method.getName()
                        + "(" + parameters(method) + ")");
            }
        }
    }

    private static io.grpc.StatusRuntimeException refused(String spec, Executable call, String described) {
        return ServerErrors.invalidArgument("formula '" + spec + "' calls " + described + ", which formulas may"
                + " not call on this server (formula allow list); " + HOW_TO_ALLOW.formatted(
                        FormulaAllowList.entryFor(call)));
    }

    private static String parameters(Executable call) {
        return Arrays.stream(call.getParameterTypes()).map(Class::getTypeName).collect(Collectors.joining(", "));
    }
}
