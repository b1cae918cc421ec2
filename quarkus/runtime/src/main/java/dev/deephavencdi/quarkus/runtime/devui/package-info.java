/**
 * The Dev UI card's JSON-RPC service (dev mode only): the published tickets and the sessions, read from the
 * application's beans.
 */
package dev.deephavencdi.quarkus.runtime.devui;
