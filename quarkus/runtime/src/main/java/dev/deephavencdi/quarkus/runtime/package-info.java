/**
 * The run-time half of the deephaven-cdi Quarkus extension. The sessions, {@code @Published} and the configuration
 * are the portable {@code deephaven-cdi} core's, unchanged; this package adds only what a Quarkus application needs
 * besides: the session names the build found ({@link dev.deephavencdi.quarkus.runtime.SessionNames}, recorded by
 * {@link dev.deephavencdi.quarkus.runtime.DeephavenRecorder}) and the Dev UI's JSON-RPC service.
 */
package dev.deephavencdi.quarkus.runtime;
