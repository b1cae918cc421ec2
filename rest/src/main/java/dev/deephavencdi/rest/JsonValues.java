package dev.deephavencdi.rest;

import java.lang.reflect.Array;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the Java values of a row into values every JSON binding writes the same way, without needing modules
 * for {@code java.time}: numbers, booleans and strings stay; dates and times become ISO-8601 text; characters
 * become one-character strings; arrays become lists.
 */
final class JsonValues {
    private JsonValues() {}

    static Map<String, Object> row(Map<String, Object> row) {
        Map<String, Object> json = new LinkedHashMap<>();
        row.forEach((column, value) -> json.put(column, value(value)));
        return json;
    }

    static Object value(Object value) {
        if (value == null || value instanceof Number || value instanceof Boolean || value instanceof String) {
            return value;
        }
        if (value instanceof TemporalAccessor || value instanceof Character) {
            return value.toString();
        }
        if (value.getClass().isArray()) {
            int length = Array.getLength(value);
            List<Object> list = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                list.add(value(Array.get(value, i)));
            }
            return list;
        }
        if (value instanceof Iterable<?> iterable) {
            List<Object> list = new ArrayList<>();
            iterable.forEach(item -> list.add(value(item)));
            return list;
        }
        return value.toString();
    }
}
