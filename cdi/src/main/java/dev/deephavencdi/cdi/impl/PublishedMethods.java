package dev.deephavencdi.cdi.impl;

import dev.deephavencdi.cdi.Published;
import dev.deephavencdi.client.Table;
import java.lang.reflect.Method;

/** The rules of {@code @Published} methods, shared by the interceptor and the deployment-time validation. */
final class PublishedMethods {
    private PublishedMethods() {}

    /** @return the registration name: the binding's value, or the method's name */
    static String nameOf(Published binding, Method method) {
        String value = binding == null ? "" : binding.value().strip();
        return value.isEmpty() ? method.getName() : value;
    }

    /** @return the value as a table, or an exception explaining what a {@code @Published} method must return */
    static Table requireTable(Object value, Method method) {
        if (value instanceof Table table) {
            return table;
        }
        throw new IllegalStateException("@Published method " + method.getDeclaringClass().getSimpleName() + "."
                + method.getName() + " returned " + (value == null ? "null" : "a " + value.getClass().getName())
                + "; it must return a dev.deephavencdi.client.Table or a CompletionStage of one");
    }
}
