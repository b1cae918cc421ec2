/**
 * Shared by the test suites, never shipped: {@link dev.deephavencdi.testing.OfficialClient} (the official
 * Deephaven Java client, the independent judge of wire compatibility), {@link dev.deephavencdi.testing.ArrowRows}
 * and {@link dev.deephavencdi.testing.Poll}.
 */
package dev.deephavencdi.testing;
