package dev.deephavencdi.server.internal.flight;

import io.deephaven.chunk.Chunk;
import io.deephaven.chunk.WritableChunk;
import io.deephaven.chunk.attributes.Values;
import io.deephaven.engine.rowset.RowSequence;
import io.deephaven.engine.rowset.RowSet;
import io.deephaven.engine.rowset.RowSetFactory;
import io.deephaven.engine.table.ColumnDefinition;
import io.deephaven.engine.table.ColumnSource;
import io.deephaven.engine.table.ModifiedColumnSet;
import io.deephaven.engine.table.TableDefinition;
import io.deephaven.engine.table.TableUpdate;
import io.deephaven.engine.table.impl.BaseTable;
import io.deephaven.engine.table.impl.QueryTable;
import io.deephaven.engine.table.impl.remote.ConstructSnapshot;
import io.deephaven.engine.table.impl.sources.ReinterpretUtils;
import io.deephaven.engine.table.impl.util.BarrageMessage;
import io.deephaven.extensions.barrage.BarrageTypeInfo;
import io.deephaven.extensions.barrage.chunk.ChunkWriter;
import io.deephaven.extensions.barrage.chunk.DefaultChunkWriterFactory;
import io.deephaven.extensions.barrage.util.BarrageUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link BarrageMessage} for one coalesced table update, with the row data copied out of the table, in
 * the shape Deephaven's {@code BarrageMessageWriterImpl} serializes: added rows' data for every column (chunked
 * alike, as the writer requires), and per column the modified rows and their data. The caller must hold the
 * update graph's shared lock, so that the table's current values are exactly the state after the update.
 */
final class DeltaMessages {
    private final BaseTable<?> table;
    private final List<ColumnDefinition<?>> columns;
    private final ColumnSource<?>[] sources;
    private final ModifiedColumnSet[] columnSets;

    DeltaMessages(BaseTable<?> table) {
        this.table = table;
        this.columns = table.getDefinition().getColumns();
        this.sources = new ColumnSource<?>[columns.size()];
        this.columnSets = new ModifiedColumnSet[columns.size()];
        for (int i = 0; i < sources.length; i++) {
            String name = columns.get(i).getName();
            sources[i] = table.getColumnSource(name);
            // a table that is not a QueryTable cannot say which columns changed: its modifications cover all
            columnSets[i] = table instanceof QueryTable query ? query.newModifiedColumnSet(name)
                    : ModifiedColumnSet.ALL;
        }
    }

    /** @return the chunk writers for a table's columns, as the real server creates them */
    @SuppressWarnings("unchecked")
    static ChunkWriter<Chunk<Values>>[] chunkWriters(TableDefinition definition) {
        return definition.getColumns().stream()
                .map(column -> DefaultChunkWriterFactory.INSTANCE.newWriter(BarrageTypeInfo.make(
                        ReinterpretUtils.maybeConvertToPrimitiveDataType(column.getDataType()),
                        column.getComponentType(),
                        BarrageUtil.flatbufFieldFor(column, Map.of()))))
                .toArray(ChunkWriter[]::new);
    }

    /**
     * @param update the coalesced update, in the table's current key space
     * @param rowsIncluded the rows whose full data the message carries: the added rows, plus rows that scrolled
     *        into a viewport; owned by the message afterwards
     * @param modifiedScope the rows whose modifications subscribers can see, or null for all
     * @param firstStep the update graph step of the first update coalesced
     * @param lastStep the step of the last one
     * @return the message; the caller hands it to a message writer, which owns and closes it
     */
    BarrageMessage build(TableUpdate update, RowSet rowsIncluded, RowSet modifiedScope, long firstStep,
            long lastStep) {
        BarrageMessage message = new BarrageMessage();
        message.isSnapshot = false;
        message.firstSeq = firstStep;
        message.lastSeq = lastStep;
        message.tableSize = table.size();
        message.rowsAdded = update.added().copy();
        message.rowsRemoved = update.removed().copy();
        message.shifted = update.shifted();
        message.rowsIncluded = rowsIncluded;
        message.addColumnData = new BarrageMessage.AddColumnData[sources.length];
        message.modColumnData = new BarrageMessage.ModColumnData[sources.length];
        RowSet modified = modifiedScope == null ? update.modified().copy() : update.modified().intersect(modifiedScope);
        try {
            for (int i = 0; i < sources.length; i++) {
                ColumnSource<?> source = ReinterpretUtils.maybeConvertToPrimitive(sources[i]);
                BarrageMessage.AddColumnData added = new BarrageMessage.AddColumnData();
                added.type = sources[i].getType();
                added.componentType = sources[i].getComponentType();
                added.chunkType = source.getChunkType();
                added.data = copy(source, rowsIncluded);
                message.addColumnData[i] = added;

                BarrageMessage.ModColumnData mods = new BarrageMessage.ModColumnData();
                mods.type = added.type;
                mods.componentType = added.componentType;
                mods.chunkType = added.chunkType;
                if (isModified(update.modifiedColumnSet(), i) && modified.isNonempty()) {
                    mods.rowsModified = modified.copy();
                    mods.data = copy(source, modified);
                } else {
                    mods.rowsModified = RowSetFactory.empty();
                    mods.data = new ArrayList<>();
                }
                message.modColumnData[i] = mods;
            }
        } catch (RuntimeException e) {
            message.close();
            throw e;
        } finally {
            modified.close();
        }
        return message;
    }

    private boolean isModified(ModifiedColumnSet modifiedColumns, int column) {
        if (modifiedColumns == ModifiedColumnSet.ALL || columnSets[column] == ModifiedColumnSet.ALL) {
            return true;
        }
        if (modifiedColumns == ModifiedColumnSet.EMPTY || modifiedColumns == null) {
            return false;
        }
        return modifiedColumns.containsAny(columnSets[column]);
    }

    private static List<Chunk<Values>> copy(ColumnSource<?> source, RowSet rows) {
        List<Chunk<Values>> chunks = new ArrayList<>();
        if (rows.isEmpty()) {
            return chunks;
        }
        int chunkSize = (int) Math.min(rows.size(), ConstructSnapshot.SNAPSHOT_CHUNK_SIZE);
        try (ColumnSource.FillContext context = source.makeFillContext(chunkSize);
                RowSequence.Iterator iterator = rows.getRowSequenceIterator()) {
            while (iterator.hasMore()) {
                RowSequence slice = iterator.getNextRowSequenceWithLength(chunkSize);
                WritableChunk<Values> chunk = source.getChunkType().makeWritableChunk(slice.intSize());
                source.fillChunk(context, chunk, slice);
                chunks.add(chunk);
            }
        }
        return chunks;
    }
}
