package dev.deephavencdi.rest.model;

import java.util.List;
import java.util.Map;

/**
 * One server-sent event of {@code GET /deephaven/tickets/{name}/updates}: what changed in one tick, and the newest
 * rows afterwards.
 *
 * @param added rows added since the previous event
 * @param removed rows removed since the previous event
 * @param modified rows modified since the previous event
 * @param modifiedColumns the columns whose values changed
 * @param size the table's row count now
 * @param merged how many ticks this event covers (0 for the first event, the initial view; more than 1 when the
 *        reader was slower than the table)
 * @param rows the newest rows (the table's tail), each a map from column name to a JSON value
 */
public record UpdateEvent(
        long added,
        long removed,
        long modified,
        List<String> modifiedColumns,
        long size,
        int merged,
        List<Map<String, Object>> rows) {}
