package dev.deephavencdi.server.internal.engine;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A formula that did not compile because javac could not see a Deephaven class, which means the class path handed to
 * the formula compiler is incomplete (an application server's class loader in a form {@link CompilerClasspath} did
 * not understand), not that the formula is wrong. The message says what was added and what to do.
 */
final class FormulaClasspathException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    /** javac's words for a class or package it cannot find; formulas always import io.deephaven packages */
    private static final Pattern MISSING = Pattern.compile(
            "package (io\\.deephaven[\\w.]*) does not exist|cannot access (io\\.deephaven[\\w.]*)");

    private FormulaClasspathException(String message, Throwable cause) {
        super(message, cause);
    }

    /** @return {@code failure} itself, or this exception around it when javac could not see the engine */
    static RuntimeException explain(RuntimeException failure, String classpathSummary) {
        for (Throwable current = failure; current != null; current = current.getCause()) {
            Matcher missing = MISSING.matcher(String.valueOf(current.getMessage()));
            if (missing.find()) {
                String name = missing.group(1) != null ? missing.group(1) : missing.group(2);
                return new FormulaClasspathException("the formula compiler cannot see " + name + " of the Deephaven"
                        + " engine, so no formula compiles in this deployment: its class path was incomplete ("
                        + classpathSummary + "). Deploy the engine jars inside the application (WEB-INF/lib), or"
                        + " report the class loader and its URL form from the server log line \"Deephaven formula"
                        + " compiler: added ...\"", failure);
            }
        }
        return failure;
    }
}
