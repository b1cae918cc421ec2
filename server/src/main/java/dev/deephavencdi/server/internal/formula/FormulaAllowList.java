package dev.deephavencdi.server.internal.formula;

import io.deephaven.util.annotations.UserInvocationPermitted;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which methods and constructors a formula may call. The defaults follow the real Deephaven server 0.40.7
 * ({@code ColumnExpressionValidator} "parsed", {@code dh-defaults.prop}): the engine's own functions (everything
 * annotated {@link UserInvocationPermitted} with the sets {@code base}, {@code vector} and
 * {@code function_library}: the query language's operators and casts, {@code abs}, {@code sqrt}, vectors, ...),
 * every method and constructor of the boxed primitives, {@code String}, {@code BigInteger}, {@code BigDecimal},
 * {@code Number}, {@code Instant}, {@code LocalTime}, {@code LocalDate} and {@code ZonedDateTime}, and
 * {@code toString()}, {@code equals(Object)}, {@code hashCode()} on anything. This list adds {@code java.lang.Math}
 * and {@code StrictMath} (pure functions people write in formulas) and leaves out {@code Integer.getInteger},
 * {@code Long.getLong} and {@code Boolean.getBoolean}, which read system properties.
 *
 * <p>Immutable and thread-safe.
 */
public final class FormulaAllowList {
    private static final Set<String> ENGINE_ANNOTATION_SETS = Set.of("base", "vector", "function_library");

    private static final List<Class<?>> DEFAULT_CLASSES = List.of(
            Character.class, Byte.class, Short.class, Integer.class, Long.class, Float.class, Double.class,
            Boolean.class, String.class, BigInteger.class, BigDecimal.class, Number.class,
            Instant.class, LocalTime.class, LocalDate.class, ZonedDateTime.class, Math.class, StrictMath.class);

    /** Static methods of default classes that read process state; an explicit method entry still allows them. */
    private static final Set<String> DEFAULT_EXCLUSIONS = Set.of(
            "java.lang.Integer#getInteger", "java.lang.Long#getLong", "java.lang.Boolean#getBoolean");

    private static final FormulaAllowList OFF = new FormulaAllowList(false, Set.of(), Set.of());

    private final boolean enabled;
    private final Set<Class<?>> classes;
    private final Set<String> methods;

    private FormulaAllowList(boolean enabled, Set<Class<?>> classes, Set<String> methods) {
        this.enabled = enabled;
        this.classes = classes;
        this.methods = methods;
    }

    /** @return a list that permits every call: for trusted setups only */
    public static FormulaAllowList off() {
        return OFF;
    }

    /**
     * @param extraClasses fully qualified names of classes whose every method and constructor formulas may call
     * @param extraMethods {@code class#method} entries ({@code java.util.UUID#randomUUID}; every overload),
     *        {@code class#new} for its constructors
     * @throws IllegalArgumentException naming an entry that is malformed or names a class that cannot be loaded
     */
    public static FormulaAllowList defaults(Collection<String> extraClasses, Collection<String> extraMethods) {
        Set<Class<?>> classes = new HashSet<>(DEFAULT_CLASSES);
        for (String name : extraClasses) {
            classes.add(load(name.strip(), "allowed formula class"));
        }
        Set<String> methods = new LinkedHashSet<>();
        for (String entry : extraMethods) {
            String method = entry.strip();
            int hash = method.indexOf('#');
            if (hash <= 0 || hash == method.length() - 1 || method.indexOf('#', hash + 1) >= 0) {
                throw new IllegalArgumentException("allowed formula method '" + entry + "' must look like"
                        + " 'java.util.UUID#randomUUID' (class#method, or class#new for constructors)");
            }
            load(method.substring(0, hash), "allowed formula method '" + entry + "':");
            methods.add(method);
        }
        return new FormulaAllowList(true, Set.copyOf(classes), Set.copyOf(methods));
    }

    /** @return whether formulas are checked at all */
    public boolean enabled() {
        return enabled;
    }

    /** @return whether a formula may call the method */
    public boolean permits(Method method) {
        if (!enabled) {
            return true;
        }
        Class<?> owner = method.getDeclaringClass();
        if (methods.contains(entry(owner, method.getName()))) {
            return true;
        }
        if (DEFAULT_EXCLUSIONS.contains(entry(owner, method.getName()))) {
            return false;
        }
        boolean isStatic = Modifier.isStatic(method.getModifiers());
        if (classes.contains(owner) || engineAllows(method, isStatic)) {
            return true;
        }
        return !isStatic && (isHarmlessObjectMethod(method) || allowedInSupertype(method));
    }

    /** @return whether a formula may call the constructor */
    public boolean permits(Constructor<?> constructor) {
        Class<?> owner = constructor.getDeclaringClass();
        return !enabled || classes.contains(owner) || methods.contains(entry(owner, "new"))
                || isEngineSet(constructor.getAnnotation(UserInvocationPermitted.class));
    }

    /** @return the entry that would allow the call, as the configuration takes it */
    public static String entryFor(Executable call) {
        return entry(call.getDeclaringClass(), call instanceof Constructor ? "new" : call.getName());
    }

    private static String entry(Class<?> owner, String name) {
        return owner.getName() + "#" + name;
    }

    private static boolean engineAllows(Method method, boolean isStatic) {
        if (isEngineSet(method.getAnnotation(UserInvocationPermitted.class))) {
            return true;
        }
        UserInvocationPermitted onClass = method.getDeclaringClass().getAnnotation(UserInvocationPermitted.class);
        if (!isEngineSet(onClass)) {
            return false;
        }
        return switch (onClass.classScope()) {
            case StaticAndInstance -> true;
            case Static -> isStatic;
            case Instance -> !isStatic;
        };
    }

    private static boolean isEngineSet(UserInvocationPermitted annotation) {
        if (annotation == null) {
            return false;
        }
        for (String set : annotation.value()) {
            if (ENGINE_ANNOTATION_SETS.contains(set)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isHarmlessObjectMethod(Method method) {
        return switch (method.getName()) {
            case "toString", "hashCode" -> method.getParameterCount() == 0;
            case "equals" -> method.getParameterCount() == 1 && method.getParameterTypes()[0] == Object.class;
            default -> false;
        };
    }

    /**
     * An instance method is allowed where a supertype declaring the same method is: a vector implementation's
     * {@code get(long)} is allowed because the vector interface's is.
     */
    private boolean allowedInSupertype(Method method) {
        Deque<Class<?>> pending = new ArrayDeque<>();
        Set<Class<?>> seen = new HashSet<>();
        pending.add(method.getDeclaringClass());
        while (!pending.isEmpty()) {
            Class<?> type = pending.removeFirst();
            if (!seen.add(type)) {
                continue;
            }
            if (type != method.getDeclaringClass()) {
                try {
                    Method declared = type.getDeclaredMethod(method.getName(), method.getParameterTypes());
                    if (classes.contains(type) || methods.contains(entry(type, declared.getName()))
                            || engineAllows(declared, false)) {
                        return true;
                    }
                } catch (NoSuchMethodException notDeclaredHere) {
                    // keep looking further up
                }
            }
            if (type.getSuperclass() != null) {
                pending.add(type.getSuperclass());
            }
            pending.addAll(List.of(type.getInterfaces()));
        }
        return false;
    }

    private static Class<?> load(String name, String what) {
        try {
            return Class.forName(name, false, FormulaAllowList.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException(what + " names the class '" + name + "', which cannot be loaded;"
                    + " give a fully qualified class name such as java.util.UUID");
        }
    }
}
