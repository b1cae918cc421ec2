/**
 * Implementation of {@code deephaven-cdi-observability}: the health check beans. Not an API; nothing here is
 * stable.
 */
package dev.deephavencdi.observability.internal;
