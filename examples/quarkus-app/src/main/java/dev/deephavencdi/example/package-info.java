/**
 * The example service: publishes market tables with {@code @Published} at startup and exposes their tickets
 * through the library's REST endpoints ({@code deephaven-cdi-rest}).
 */
package dev.deephavencdi.example;
