/**
 * Shared by the test suites and the bench module, never shipped: {@link dev.deephavencdi.testing.OfficialClient}
 * (the official Deephaven Java client, the independent judge of wire compatibility), its Barrage side
 * ({@link dev.deephavencdi.testing.BarrageClientEngine}, {@link dev.deephavencdi.testing.LiveView}), raw stubs
 * authenticated as pydeephaven does ({@link dev.deephavencdi.testing.HeaderTokenAuthorization}),
 * {@link dev.deephavencdi.testing.ArrowRows} and {@link dev.deephavencdi.testing.Poll}; the pinned Python
 * environments ({@link dev.deephavencdi.testing.PythonEnvironment}, {@link dev.deephavencdi.testing.Pytest}) and the
 * real Deephaven server as a fixture ({@link dev.deephavencdi.testing.RealDeephavenServer},
 * {@link dev.deephavencdi.testing.RealDeephavenServerProcess}), with a status-code probe for shared tickets
 * ({@link dev.deephavencdi.testing.SharedTicketProbe}).
 */
package dev.deephavencdi.testing;
