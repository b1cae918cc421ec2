/**
 * Shared by the test suites and the bench module, never shipped: {@link dev.deephavencdi.testing.OfficialClient}
 * (the official Deephaven Java client, the independent judge of wire compatibility), its Barrage side
 * ({@link dev.deephavencdi.testing.BarrageClientEngine}, {@link dev.deephavencdi.testing.LiveView}), raw stubs
 * authenticated as pydeephaven does ({@link dev.deephavencdi.testing.HeaderTokenAuthorization}),
 * {@link dev.deephavencdi.testing.ArrowRows} and {@link dev.deephavencdi.testing.Poll}.
 */
package dev.deephavencdi.testing;
