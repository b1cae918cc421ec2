package dev.deephavencdi.server.internal.table;

import dev.deephavencdi.server.internal.ServerErrors;
import io.deephaven.api.ColumnName;
import io.deephaven.api.expression.Expression;
import io.deephaven.api.filter.Filter;
import io.deephaven.api.filter.FilterComparison;
import io.deephaven.api.filter.FilterIn;
import io.deephaven.api.filter.FilterIsNull;
import io.deephaven.api.filter.FilterPattern;
import io.deephaven.api.literal.Literal;
import io.deephaven.proto.backplane.grpc.CaseSensitivity;
import io.deephaven.proto.backplane.grpc.CompareCondition;
import io.deephaven.proto.backplane.grpc.Condition;
import io.deephaven.proto.backplane.grpc.MatchType;
import io.deephaven.proto.backplane.grpc.Value;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns the structured {@code Condition} trees of {@code FilterTableRequest} into the engine's typed
 * {@link Filter}s. Covers what the official Java client emits (compare, in, is_null, not, and, or) plus
 * contains/matches; {@code invoke} and {@code search} are refused with {@code UNIMPLEMENTED}-style guidance.
 */
final class ConditionFilters {
    private ConditionFilters() {}

    static Filter toFilter(List<Condition> conditions) {
        return Filter.and(all("filter", conditions));
    }

    static Filter toFilter(Condition condition) {
        return switch (condition.getDataCase()) {
            case AND -> Filter.and(all("an 'and' condition", condition.getAnd().getFiltersList()));
            case OR -> Filter.or(all("an 'or' condition", condition.getOr().getFiltersList()));
            case NOT -> Filter.not(toFilter(condition.getNot().getFilter()));
            case COMPARE -> compare(condition.getCompare());
            case IN -> in(condition.getIn().getTarget(), condition.getIn().getCandidatesList(),
                    condition.getIn().getMatchType(), condition.getIn().getCaseSensitivity());
            case IS_NULL -> FilterIsNull.of(reference(condition.getIsNull().getReference().getColumnName()));
            case CONTAINS -> pattern(condition.getContains().getReference().getColumnName(),
                    Pattern.quote(condition.getContains().getSearchString()), FilterPattern.Mode.FIND,
                    condition.getContains().getCaseSensitivity(), condition.getContains().getMatchType());
            case MATCHES -> pattern(condition.getMatches().getReference().getColumnName(),
                    condition.getMatches().getRegex(), FilterPattern.Mode.MATCHES,
                    condition.getMatches().getCaseSensitivity(), condition.getMatches().getMatchType());
            case INVOKE, SEARCH -> throw ServerErrors.invalidArgument("filter condition '"
                    + condition.getDataCase().name().toLowerCase() + "' is not supported by the embedded server;"
                    + " send the filter as a string (UnstructuredFilterTableRequest / where(\"...\"))");
            case DATA_NOT_SET -> throw ServerErrors.invalidArgument("a filter condition is empty (no condition set)");
        };
    }

    private static Filter compare(CompareCondition compare) {
        Expression lhs = value(compare.getLhs());
        Expression rhs = value(compare.getRhs());
        FilterComparison filter = switch (compare.getOperation()) {
            case LESS_THAN -> FilterComparison.lt(lhs, rhs);
            case LESS_THAN_OR_EQUAL -> FilterComparison.leq(lhs, rhs);
            case GREATER_THAN -> FilterComparison.gt(lhs, rhs);
            case GREATER_THAN_OR_EQUAL -> FilterComparison.geq(lhs, rhs);
            case EQUALS -> FilterComparison.eq(lhs, rhs);
            case NOT_EQUALS -> FilterComparison.neq(lhs, rhs);
            case UNRECOGNIZED -> throw ServerErrors.invalidArgument("unknown compare operation "
                    + compare.getOperationValue());
        };
        if (compare.getCaseSensitivity() == CaseSensitivity.IGNORE_CASE) {
            throw ServerErrors.invalidArgument("case-insensitive compare is not supported by the embedded server;"
                    + " use an 'in' condition with IGNORE_CASE");
        }
        return filter;
    }

    /** An empty list would become a literal {@code true}/{@code false} filter, which the engine cannot run. */
    private static List<Filter> all(String what, List<Condition> conditions) {
        if (conditions.isEmpty()) {
            throw ServerErrors.invalidArgument(what + " needs at least one condition");
        }
        return conditions.stream().map(ConditionFilters::toFilter).toList();
    }

    private static Filter in(Value target, List<Value> candidates, MatchType matchType, CaseSensitivity caseSensitivity) {
        if (candidates.isEmpty()) {
            throw ServerErrors.invalidArgument("an 'in' condition needs at least one candidate");
        }
        if (caseSensitivity == CaseSensitivity.IGNORE_CASE) {
            throw ServerErrors.invalidArgument("case-insensitive 'in' is not supported by the embedded server;"
                    + " send the filter as a string with 'icase in'");
        }
        Filter filter = FilterIn.of(value(target), candidates.stream().map(ConditionFilters::value).toList());
        return matchType == MatchType.INVERTED ? Filter.not(filter) : filter;
    }

    private static Filter pattern(String column, String regex, FilterPattern.Mode mode,
            CaseSensitivity caseSensitivity, MatchType matchType) {
        int flags = caseSensitivity == CaseSensitivity.IGNORE_CASE ? Pattern.CASE_INSENSITIVE : 0;
        return FilterPattern.of(reference(column), Pattern.compile(regex, flags), mode,
                matchType == MatchType.INVERTED);
    }

    private static Expression value(Value value) {
        return switch (value.getDataCase()) {
            case REFERENCE -> reference(value.getReference().getColumnName());
            case LITERAL -> switch (value.getLiteral().getValueCase()) {
                case STRING_VALUE -> Literal.of(value.getLiteral().getStringValue());
                case DOUBLE_VALUE -> Literal.of(value.getLiteral().getDoubleValue());
                case BOOL_VALUE -> Literal.of(value.getLiteral().getBoolValue());
                case LONG_VALUE -> Literal.of(value.getLiteral().getLongValue());
                case NANO_TIME_VALUE -> throw ServerErrors.invalidArgument("nano-time literals are not supported"
                        + " by the embedded server; send the filter as a string, e.g. \"Timestamp > '2024-01-01T00:00Z'\"");
                case VALUE_NOT_SET -> throw ServerErrors.invalidArgument("a filter literal has no value");
            };
            case DATA_NOT_SET -> throw ServerErrors.invalidArgument("a filter value is empty (neither column nor literal)");
        };
    }

    private static ColumnName reference(String column) {
        return ColumnName.of(column);
    }
}
