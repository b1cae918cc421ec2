package dev.deephavencdi.client.internal;

import io.deephaven.qst.column.Column;
import io.deephaven.qst.column.header.ColumnHeader;
import io.deephaven.qst.table.NewTable;
import io.deephaven.qst.table.TableHeader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Builds the official client's {@link NewTable} (what its DoPut sends) from Java arrays or an Arrow
 * {@link VectorSchemaRoot}, and {@link TableHeader}s for input tables. Unsupported types fail with
 * {@link IllegalArgumentException} naming the column.
 */
final class TableImports {
    private TableImports() {}

    static NewTable fromArrays(Map<String, ?> columns) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("importTable needs at least one column");
        }
        List<Column<?>> result = new ArrayList<>(columns.size());
        columns.forEach((name, values) -> result.add(column(name, values)));
        int rows = result.get(0).size();
        for (Column<?> column : result) {
            if (column.size() != rows) {
                throw new IllegalArgumentException("importTable: column " + column.name() + " has " + column.size()
                        + " values but " + result.get(0).name() + " has " + rows
                        + "; all columns need the same length");
            }
        }
        return NewTable.of(result);
    }

    private static Column<?> column(String name, Object values) {
        if (values instanceof int[] a) {
            return Column.ofInt(name, a);
        } else if (values instanceof long[] a) {
            return Column.ofLong(name, a);
        } else if (values instanceof double[] a) {
            return Column.ofDouble(name, a);
        } else if (values instanceof float[] a) {
            return Column.ofFloat(name, a);
        } else if (values instanceof short[] a) {
            return Column.ofShort(name, a);
        } else if (values instanceof byte[] a) {
            return Column.ofByte(name, a);
        } else if (values instanceof char[] a) {
            return Column.ofChar(name, a);
        } else if (values instanceof boolean[] a) {
            return Column.ofBoolean(name, boxed(Boolean.class, a.length, i -> a[i]));
        } else if (values instanceof Boolean[] a) {
            return Column.ofBoolean(name, a);
        } else if (values instanceof String[] a) {
            return Column.of(name, a);
        } else if (values instanceof Instant[] a) {
            return Column.of(name, a);
        } else if (values instanceof Integer[] a) {
            return Column.of(name, a);
        } else if (values instanceof Long[] a) {
            return Column.of(name, a);
        } else if (values instanceof Double[] a) {
            return Column.of(name, a);
        } else if (values instanceof Float[] a) {
            return Column.of(name, a);
        } else if (values instanceof Short[] a) {
            return Column.of(name, a);
        } else if (values instanceof Byte[] a) {
            return Column.of(name, a);
        } else if (values instanceof Character[] a) {
            return Column.of(name, a);
        } else if (values == null) {
            throw new IllegalArgumentException("importTable: column " + name + " has no values");
        }
        throw new IllegalArgumentException("importTable: column " + name + " is a "
                + values.getClass().getSimpleName() + "; use an array of int, long, double, float, short, byte,"
                + " char, boolean, String, Instant or boxed numbers");
    }

    static NewTable fromArrow(VectorSchemaRoot root) {
        List<Column<?>> result = new ArrayList<>();
        int rows = root.getRowCount();
        for (FieldVector vector : root.getFieldVectors()) {
            result.add(column(vector, rows));
        }
        if (result.isEmpty()) {
            throw new IllegalArgumentException("importTable needs at least one column");
        }
        return NewTable.of(result);
    }

    private static Column<?> column(FieldVector vector, int rows) {
        String name = vector.getName();
        if (vector instanceof IntVector v) {
            return Column.of(name, Integer.class, boxed(Integer.class, rows, i -> v.isNull(i) ? null : v.get(i)));
        } else if (vector instanceof BigIntVector v) {
            return Column.of(name, Long.class, boxed(Long.class, rows, i -> v.isNull(i) ? null : v.get(i)));
        } else if (vector instanceof SmallIntVector v) {
            return Column.of(name, Short.class, boxed(Short.class, rows, i -> v.isNull(i) ? null : v.get(i)));
        } else if (vector instanceof TinyIntVector v) {
            return Column.of(name, Byte.class, boxed(Byte.class, rows, i -> v.isNull(i) ? null : v.get(i)));
        } else if (vector instanceof Float8Vector v) {
            return Column.of(name, Double.class, boxed(Double.class, rows, i -> v.isNull(i) ? null : v.get(i)));
        } else if (vector instanceof Float4Vector v) {
            return Column.of(name, Float.class, boxed(Float.class, rows, i -> v.isNull(i) ? null : v.get(i)));
        } else if (vector instanceof BitVector v) {
            return Column.ofBoolean(name, boxed(Boolean.class, rows, i -> v.isNull(i) ? null : v.get(i) != 0));
        } else if (vector instanceof VarCharVector v) {
            return Column.of(name, String.class, boxed(String.class, rows,
                    i -> v.isNull(i) ? null : new String(v.get(i), java.nio.charset.StandardCharsets.UTF_8)));
        } else if (vector instanceof TimeStampVector v) {
            return Column.of(name, Instant.class, boxed(Instant.class, rows, i -> v.isNull(i) ? null : instant(v, i)));
        }
        throw new IllegalArgumentException("importTable: column " + name + " has Arrow type "
                + vector.getField().getType() + ", which this client does not upload; use int, bigint, smallint,"
                + " tinyint, float4/8, bit, utf8 or timestamp vectors");
    }

    private static Instant instant(TimeStampVector vector, int row) {
        long value = vector.get(row);
        TimeUnit unit = ((ArrowType.Timestamp) vector.getField().getType()).getUnit();
        return switch (unit) {
            case SECOND -> Instant.ofEpochSecond(value);
            case MILLISECOND -> Instant.ofEpochMilli(value);
            case MICROSECOND -> Instant.ofEpochSecond(0, value * 1_000);
            case NANOSECOND -> Instant.ofEpochSecond(0, value);
        };
    }

    @SuppressWarnings("unchecked")
    private static <T> T[] boxed(Class<T> type, int rows, java.util.function.IntFunction<T> value) {
        T[] values = (T[]) java.lang.reflect.Array.newInstance(type, rows);
        for (int i = 0; i < rows; i++) {
            values[i] = value.apply(i);
        }
        return values;
    }

    static TableHeader header(Map<String, Class<?>> columns) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("inputTable needs at least one column");
        }
        List<ColumnHeader<?>> headers = new ArrayList<>();
        columns.forEach((name, type) -> headers.add(ColumnHeader.of(name, boxedType(type))));
        return TableHeader.of(headers);
    }

    private static Class<?> boxedType(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        return java.lang.invoke.MethodType.methodType(type).wrap().returnType();
    }
}
