/**
 * Health checks and metrics for the Deephaven sessions of a CDI application, on the portable MicroProfile Health
 * and Micrometer APIs (the runtime provides both: Quarkus with {@code quarkus-smallrye-health} and
 * {@code quarkus-micrometer}, WildFly, Open Liberty, or Weld with the application's own registry).
 *
 * <p>Adding the artifact is the opt-in: its health checks are discovered as beans ({@code @Readiness}: every
 * configured session's server answers; {@code @Liveness}: the embedded server answers, when one runs), and
 * {@link dev.deephavencdi.observability.DeephavenMetrics} is a {@code MeterBinder} bean that Quarkus binds to its
 * registry by itself and other runtimes {@linkplain dev.deephavencdi.observability.DeephavenMetrics#bindTo bind}
 * once. The checks live in {@code internal}.
 */
package dev.deephavencdi.observability;
