package dev.deephavencdi.cdi.impl;

import dev.deephavencdi.cdi.Published;
import dev.deephavencdi.client.Table;
import java.lang.reflect.Method;

/** The rules of {@code @Published} methods, shared by the interceptor and the deployment-time validation. */
final class PublishedMethods {
    private PublishedMethods() {}

    /**
     * @return the {@code @Published} binding that applies to a call: the method's own, else its bean class's
     *         (class-level bindings are {@code @Inherited}, so the target's class, a container subclass included,
     *         carries it), else its declaring class's; null when none is visible (e.g. from a stereotype)
     */
    static Published bindingOf(Method method, Object target) {
        Published binding = method.getAnnotation(Published.class);
        if (binding == null && target != null) {
            binding = target.getClass().getAnnotation(Published.class);
        }
        if (binding == null) {
            binding = method.getDeclaringClass().getAnnotation(Published.class);
        }
        return binding;
    }

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
