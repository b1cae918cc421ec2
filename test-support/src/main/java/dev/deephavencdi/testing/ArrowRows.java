package dev.deephavencdi.testing;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Reads small Arrow Flight streams into plain Java values for assertions. */
public final class ArrowRows {
    private ArrowRows() {}

    /** @return every row of the stream, each a list of column values in schema order */
    public static List<List<Object>> read(FlightStream stream) throws Exception {
        try (stream) {
            List<List<Object>> rows = new ArrayList<>();
            while (stream.next()) {
                rows.addAll(rows(stream.getRoot()));
            }
            return rows;
        }
    }

    /** @return the rows of the batch a root holds now, each a list of column values in schema order */
    public static List<List<Object>> rows(VectorSchemaRoot root) {
        List<List<Object>> rows = new ArrayList<>();
        for (int row = 0; row < root.getRowCount(); row++) {
            List<Object> values = new ArrayList<>();
            for (FieldVector vector : root.getFieldVectors()) {
                Object value = vector.getObject(row);
                values.add(value instanceof org.apache.arrow.vector.util.Text text ? text.toString() : value);
            }
            rows.add(values);
        }
        return rows;
    }

    public static long sumColumn(List<List<Object>> rows, int column) {
        return rows.stream().mapToLong(row -> ((Number) row.get(column)).longValue()).sum();
    }
}
