package dev.deephavencdi.server.internal.flight;

import com.google.flatbuffers.FlatBufferBuilder;
import com.google.protobuf.CodedOutputStream;
import io.deephaven.chunk.ObjectChunk;
import io.deephaven.chunk.WritableChunk;
import io.deephaven.chunk.attributes.Values;
import io.deephaven.engine.rowset.RowSequence;
import io.deephaven.engine.table.ChunkSource;
import io.deephaven.engine.table.ColumnDefinition;
import io.deephaven.engine.table.ColumnSource;
import io.deephaven.engine.table.Table;
import io.deephaven.util.BooleanUtils;
import io.deephaven.util.QueryConstants;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.ref.SoftReference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.apache.arrow.flatbuf.Buffer;
import org.apache.arrow.flatbuf.FieldNode;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.MetadataVersion;
import org.apache.arrow.flatbuf.RecordBatch;

/**
 * Writes the record batches of a static table as plain Arrow IPC {@code FlightData}, copying each column in bulk
 * from engine chunks, when every column is a fixed-width primitive ({@code byte}, {@code short}, {@code int},
 * {@code long}, {@code float}, {@code double}), an {@link Instant} (Arrow nanosecond timestamps, the column's epoch
 * nanoseconds), a {@link Boolean} (Arrow bits) or a {@link String} (Arrow UTF-8). Deephaven's Barrage writer emits
 * values one at a time through a synchronized {@code DataOutputStream}, which made a 10M-row {@code DoGet} several
 * times slower than an Arrow Flight server. The bytes are what Barrage sends for a {@code DoGet} (same schema
 * message before them, same Arrow layout, Deephaven null sentinels as Arrow nulls) minus the Barrage
 * {@code app_metadata}, which plain Arrow readers (the official client's {@code FlightSession}, pyarrow) ignore.
 * Other tables go through Barrage.
 */
final class BulkRecordBatches {
    /** Rows per record batch are chosen so that a message carries about this many bytes. */
    static final int TARGET_MESSAGE_BYTES = 8 << 20;

    /** A first guess of a string's UTF-8 bytes, corrected by what each batch measures. */
    private static final int GUESSED_STRING_BYTES = 16;

    private enum Kind {
        BYTE(1), SHORT(2), INT(4), LONG(8), FLOAT(4), DOUBLE(8),
        /** An {@code Instant} column read as its {@code long} epoch nanoseconds. */
        INSTANT(8),
        /** Arrow packs booleans in bits; the width here is a whole byte to keep the row estimate simple. */
        BOOLEAN(1),
        /** Four bytes of offset; the characters are estimated per batch. */
        STRING(4);

        final int width;

        Kind(int width) {
            this.width = width;
        }

        static Kind of(Class<?> type) {
            if (type == byte.class) {
                return BYTE;
            } else if (type == short.class) {
                return SHORT;
            } else if (type == int.class) {
                return INT;
            } else if (type == long.class) {
                return LONG;
            } else if (type == float.class) {
                return FLOAT;
            } else if (type == double.class) {
                return DOUBLE;
            } else if (type == Instant.class) {
                return INSTANT;
            } else if (type == Boolean.class) {
                return BOOLEAN;
            } else if (type == String.class) {
                return STRING;
            }
            return null;
        }

        boolean isFixedWidth() {
            return this != BOOLEAN && this != STRING;
        }
    }

    private BulkRecordBatches() {}

    /** @return whether this writer handles the table: static, not empty, every column of a {@link Kind} */
    static boolean supports(Table table) {
        if (table.isRefreshing() || table.size() == 0 || table.numColumns() == 0) {
            return false;
        }
        for (ColumnDefinition<?> column : table.getDefinition().getColumns()) {
            Kind kind = Kind.of(column.getDataType());
            if (kind == null || column.getComponentType() != null) {
                return false;
            }
            if (kind == Kind.INSTANT && !table.getColumnSource(column.getName()).allowsReinterpret(long.class)) {
                return false;
            }
        }
        return true;
    }

    /** Writes the table's rows, in row set order, as record batches of about {@link #TARGET_MESSAGE_BYTES}. */
    static void write(Table table, Consumer<InputStream> sink) {
        List<ColumnSource<?>> sources = new ArrayList<>();
        List<Kind> kinds = new ArrayList<>();
        int fixedBytesPerRow = 0;
        int strings = 0;
        for (ColumnDefinition<?> column : table.getDefinition().getColumns()) {
            Kind kind = Kind.of(column.getDataType());
            ColumnSource<?> source = table.getColumnSource(column.getName());
            if (kind == Kind.INSTANT) {
                source = source.reinterpret(long.class);
            } else if (kind == Kind.BOOLEAN && source.allowsReinterpret(byte.class)) {
                source = source.reinterpret(byte.class); // the engine's bytes, no Boolean objects
            }
            sources.add(source);
            kinds.add(kind);
            fixedBytesPerRow += kind.width;
            strings += kind == Kind.STRING ? 1 : 0;
        }
        int maxBatchRows = (int) Math.max(1, Math.min(table.size(), TARGET_MESSAGE_BYTES / fixedBytesPerRow));
        int batchRows = rowsFor(fixedBytesPerRow + strings * GUESSED_STRING_BYTES, maxBatchRows);
        List<ChunkSource.FillContext> contexts = new ArrayList<>();
        List<WritableChunk<Values>> chunks = new ArrayList<>();
        Body body = new Body();
        try (RowSequence.Iterator rows = table.getRowSet().getRowSequenceIterator()) {
            for (ColumnSource<?> source : sources) {
                contexts.add(source.makeFillContext(maxBatchRows));
                chunks.add(Spares.chunk(source.getChunkType(), maxBatchRows));
            }
            while (rows.hasMore()) {
                RowSequence batch = rows.getNextRowSequenceWithLength(batchRows);
                int size = batch.intSize();
                sink.accept(recordBatch(sources, kinds, contexts, chunks, batch, body));
                if (strings > 0) {
                    // strings vary: size the next batch by what this one weighed
                    batchRows = rowsFor((int) Math.min(Integer.MAX_VALUE, Math.max(1, body.length / size)),
                            maxBatchRows);
                }
            }
        } finally {
            contexts.forEach(ChunkSource.FillContext::close);
            chunks.forEach(Spares::keep);
        }
    }

    private static int rowsFor(int bytesPerRow, int maxBatchRows) {
        return Math.max(1, Math.min(maxBatchRows, TARGET_MESSAGE_BYTES / Math.max(1, bytesPerRow)));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static InputStream recordBatch(List<ColumnSource<?>> sources, List<Kind> kinds,
            List<ChunkSource.FillContext> contexts, List<WritableChunk<Values>> chunks, RowSequence rows,
            Body body) {
        int size = rows.intSize();
        int bitmapBytes = padded((size + 7) / 8);
        int fixedBody = 0;
        for (Kind kind : kinds) {
            fixedBody += bitmapBytes + (kind == Kind.BOOLEAN ? bitmapBytes : padded((size + 1) * kind.width));
        }
        body.start(fixedBody);
        int buffersPerColumn = 3; // validity, then values (or offsets, then characters for strings)
        long[] nodes = new long[2 * kinds.size()]; // (length, null count) per column
        List<long[]> buffers = new ArrayList<>(); // (offset, length) of each buffer, in order
        for (int c = 0; c < kinds.size(); c++) {
            Kind kind = kinds.get(c);
            WritableChunk<Values> chunk = chunks.get(c);
            ((ColumnSource) sources.get(c)).fillChunk(contexts.get(c), chunk, rows);
            // nulls counted before anything is written, so a column without them gets no bitmap (moving the
            // values down over an unused bitmap afterwards was a second copy of every such column)
            int nulls = countNulls(kind, chunk, size);
            int validityOffset = body.length;
            if (nulls > 0) {
                body.zero(bitmapBytes);
            }
            switch (kind) {
                case BOOLEAN -> {
                    if (chunk.getChunkType() == io.deephaven.chunk.ChunkType.Byte) {
                        copyBooleanBytes(chunk.asWritableByteChunk().array(), size, body, validityOffset, nulls);
                    } else {
                        copyBooleans(chunk.asObjectChunk(), size, body, validityOffset, nulls);
                    }
                }
                case STRING -> copyStrings(chunk.asObjectChunk(), size, body, validityOffset, nulls);
                default -> copyValues(kind, chunk, size, body, validityOffset, nulls);
            }
            nodes[2 * c] = size;
            nodes[2 * c + 1] = nulls;
            int valuesOffset = validityOffset + (nulls > 0 ? bitmapBytes : 0);
            buffers.add(new long[] {validityOffset, nulls > 0 ? (size + 7) / 8 : 0});
            switch (kind) {
                case BOOLEAN -> buffers.add(new long[] {valuesOffset, (size + 7) / 8});
                case STRING -> {
                    int charsOffset = valuesOffset + padded((size + 1) * 4);
                    buffers.add(new long[] {valuesOffset, (size + 1) * 4L});
                    buffers.add(new long[] {charsOffset, body.length - charsOffset});
                }
                default -> buffers.add(new long[] {valuesOffset, (long) size * kind.width});
            }
            body.pad();
        }
        long[] flat = new long[2 * buffers.size()];
        for (int b = 0; b < buffers.size(); b++) {
            flat[2 * b] = buffers.get(b)[0];
            flat[2 * b + 1] = buffers.get(b)[1];
        }
        return flightData(header(size, nodes, flat, body.length), body.bytes, body.length, body::recycle);
    }

    /**
     * @return the rows of the chunk that are null (Deephaven null sentinels, null references, the engine's null
     *         boolean byte): loops the JIT vectorizes for the primitive kinds
     */
    private static int countNulls(Kind kind, WritableChunk<Values> chunk, int size) {
        int nulls = 0;
        switch (kind) {
            case BYTE -> {
                byte[] array = chunk.asWritableByteChunk().array();
                for (int i = 0; i < size; i++) {
                    nulls += array[i] == QueryConstants.NULL_BYTE ? 1 : 0;
                }
            }
            case SHORT -> {
                short[] array = chunk.asWritableShortChunk().array();
                for (int i = 0; i < size; i++) {
                    nulls += array[i] == QueryConstants.NULL_SHORT ? 1 : 0;
                }
            }
            case INT -> {
                int[] array = chunk.asWritableIntChunk().array();
                for (int i = 0; i < size; i++) {
                    nulls += array[i] == QueryConstants.NULL_INT ? 1 : 0;
                }
            }
            case LONG, INSTANT -> {
                long[] array = chunk.asWritableLongChunk().array();
                for (int i = 0; i < size; i++) {
                    nulls += array[i] == QueryConstants.NULL_LONG ? 1 : 0;
                }
            }
            case FLOAT -> {
                float[] array = chunk.asWritableFloatChunk().array();
                for (int i = 0; i < size; i++) {
                    nulls += array[i] == QueryConstants.NULL_FLOAT ? 1 : 0;
                }
            }
            case DOUBLE -> {
                double[] array = chunk.asWritableDoubleChunk().array();
                for (int i = 0; i < size; i++) {
                    nulls += array[i] == QueryConstants.NULL_DOUBLE ? 1 : 0;
                }
            }
            case BOOLEAN -> {
                if (chunk.getChunkType() == io.deephaven.chunk.ChunkType.Byte) {
                    byte[] array = chunk.asWritableByteChunk().array();
                    for (int i = 0; i < size; i++) {
                        nulls += array[i] == BooleanUtils.NULL_BOOLEAN_AS_BYTE ? 1 : 0;
                    }
                } else {
                    nulls = countNullReferences(chunk.asObjectChunk(), size);
                }
            }
            case STRING -> nulls = countNullReferences(chunk.asObjectChunk(), size);
        }
        return nulls;
    }

    /** Reads only the chunk's references, not the objects: no cache miss per value. */
    private static int countNullReferences(ObjectChunk<?, Values> chunk, int size) {
        int nulls = 0;
        for (int i = 0; i < size; i++) {
            nulls += chunk.get(i) == null ? 1 : 0;
        }
        return nulls;
    }

    /**
     * Appends a chunk's values to the body in bulk; when it has {@code nulls}, fills the validity bitmap at
     * {@code validityOffset} (valid = 1, least significant bit first) that the caller made room for.
     */
    private static void copyValues(Kind kind, WritableChunk<Values> chunk, int size, Body body, int validityOffset,
            int nulls) {
        int start = body.length;
        body.reserve(padded(size * kind.width));
        ByteBuffer values = ByteBuffer.wrap(body.bytes, start, size * kind.width).slice()
                .order(ByteOrder.LITTLE_ENDIAN);
        byte[] bitmap = body.bytes;
        switch (kind) {
            case BYTE -> {
                byte[] array = chunk.asWritableByteChunk().array();
                values.put(array, 0, size);
                for (int base = 0; nulls > 0 && base < size; base += 8) {
                    int bits = 0; // eight rows to a bitmap byte, without a branch per row
                    for (int k = 0, end = Math.min(8, size - base); k < end; k++) {
                        bits |= (array[base + k] != QueryConstants.NULL_BYTE ? 1 : 0) << k;
                    }
                    bitmap[validityOffset + (base >>> 3)] = (byte) bits;
                }
            }
            case SHORT -> {
                short[] array = chunk.asWritableShortChunk().array();
                values.asShortBuffer().put(array, 0, size);
                for (int base = 0; nulls > 0 && base < size; base += 8) {
                    int bits = 0; // eight rows to a bitmap byte, without a branch per row
                    for (int k = 0, end = Math.min(8, size - base); k < end; k++) {
                        bits |= (array[base + k] != QueryConstants.NULL_SHORT ? 1 : 0) << k;
                    }
                    bitmap[validityOffset + (base >>> 3)] = (byte) bits;
                }
            }
            case INT -> {
                int[] array = chunk.asWritableIntChunk().array();
                values.asIntBuffer().put(array, 0, size);
                for (int base = 0; nulls > 0 && base < size; base += 8) {
                    int bits = 0; // eight rows to a bitmap byte, without a branch per row
                    for (int k = 0, end = Math.min(8, size - base); k < end; k++) {
                        bits |= (array[base + k] != QueryConstants.NULL_INT ? 1 : 0) << k;
                    }
                    bitmap[validityOffset + (base >>> 3)] = (byte) bits;
                }
            }
            case LONG, INSTANT -> {
                long[] array = chunk.asWritableLongChunk().array();
                values.asLongBuffer().put(array, 0, size);
                for (int base = 0; nulls > 0 && base < size; base += 8) {
                    int bits = 0; // eight rows to a bitmap byte, without a branch per row
                    for (int k = 0, end = Math.min(8, size - base); k < end; k++) {
                        bits |= (array[base + k] != QueryConstants.NULL_LONG ? 1 : 0) << k;
                    }
                    bitmap[validityOffset + (base >>> 3)] = (byte) bits;
                }
            }
            case FLOAT -> {
                float[] array = chunk.asWritableFloatChunk().array();
                values.asFloatBuffer().put(array, 0, size);
                for (int base = 0; nulls > 0 && base < size; base += 8) {
                    int bits = 0; // eight rows to a bitmap byte, without a branch per row
                    for (int k = 0, end = Math.min(8, size - base); k < end; k++) {
                        bits |= (array[base + k] != QueryConstants.NULL_FLOAT ? 1 : 0) << k;
                    }
                    bitmap[validityOffset + (base >>> 3)] = (byte) bits;
                }
            }
            case DOUBLE -> {
                double[] array = chunk.asWritableDoubleChunk().array();
                values.asDoubleBuffer().put(array, 0, size);
                for (int base = 0; nulls > 0 && base < size; base += 8) {
                    int bits = 0; // eight rows to a bitmap byte, without a branch per row
                    for (int k = 0, end = Math.min(8, size - base); k < end; k++) {
                        bits |= (array[base + k] != QueryConstants.NULL_DOUBLE ? 1 : 0) << k;
                    }
                    bitmap[validityOffset + (base >>> 3)] = (byte) bits;
                }
            }
            default -> throw new IllegalArgumentException(kind + " is not a fixed-width kind");
        }
        body.length = start + padded(size * kind.width);
    }

    /**
     * Appends the value bits of a {@code Boolean} chunk (null = invalid, its value bit 0), eight rows to a byte
     * without a branch per row, and its validity bits when it has {@code nulls}.
     */
    private static void copyBooleans(ObjectChunk<Boolean, Values> chunk, int size, Body body, int validityOffset,
            int nulls) {
        int valuesOffset = body.length;
        int bytes = (size + 7) / 8;
        body.zero(padded(bytes));
        byte[] target = body.bytes;
        for (int base = 0; base < size; base += 8) {
            int valid = 0;
            int set = 0;
            for (int k = 0, end = Math.min(8, size - base); k < end; k++) {
                Boolean value = chunk.get(base + k);
                valid |= (value != null ? 1 : 0) << k;
                set |= (value != null && value ? 1 : 0) << k;
            }
            target[valuesOffset + (base >>> 3)] = (byte) set;
            if (nulls > 0) {
                target[validityOffset + (base >>> 3)] = (byte) valid;
            }
        }
    }

    /** As {@link #copyBooleans} for a column read as the engine's boolean bytes (null, false, true). */
    private static void copyBooleanBytes(byte[] values, int size, Body body, int validityOffset, int nulls) {
        int valuesOffset = body.length;
        int bytes = (size + 7) / 8;
        body.zero(padded(bytes));
        byte[] target = body.bytes;
        int whole = size & ~7;
        for (int base = 0; base < whole; base += 8) {
            int valid = 0;
            int set = 0;
            for (int k = 0; k < 8; k++) { // a constant bound: the JIT unrolls it
                byte value = values[base + k];
                valid |= (value != BooleanUtils.NULL_BOOLEAN_AS_BYTE ? 1 : 0) << k;
                set |= (value == BooleanUtils.TRUE_BOOLEAN_AS_BYTE ? 1 : 0) << k;
            }
            target[valuesOffset + (base >>> 3)] = (byte) set;
            if (nulls > 0) {
                target[validityOffset + (base >>> 3)] = (byte) valid;
            }
        }
        if (whole < size) {
            int valid = 0;
            int set = 0;
            for (int k = 0; whole + k < size; k++) {
                byte value = values[whole + k];
                valid |= (value != BooleanUtils.NULL_BOOLEAN_AS_BYTE ? 1 : 0) << k;
                set |= (value == BooleanUtils.TRUE_BOOLEAN_AS_BYTE ? 1 : 0) << k;
            }
            target[valuesOffset + (whole >>> 3)] = (byte) set;
            if (nulls > 0) {
                target[validityOffset + (whole >>> 3)] = (byte) valid;
            }
        }
    }

    /**
     * Appends the offsets (size + 1 ints) and then the UTF-8 characters of a {@code String} chunk, and its validity
     * bits when it has {@code nulls}.
     */
    private static void copyStrings(ObjectChunk<String, Values> chunk, int size, Body body, int validityOffset,
            int nulls) {
        int offsetsAt = body.length;
        body.reserve(padded((size + 1) * 4));
        body.length = offsetsAt + padded((size + 1) * 4);
        int charsAt = body.length;
        int end = 0;
        putInt(body.bytes, offsetsAt, 0);
        for (int i = 0; i < size; i++) {
            String value = chunk.get(i);
            if (value != null) {
                if (nulls > 0) {
                    body.bytes[validityOffset + (i >>> 3)] |= (byte) (1 << (i & 7));
                }
                body.appendUtf8(value);
                end = body.length - charsAt;
            }
            putInt(body.bytes, offsetsAt + 4 * (i + 1), end);
        }
    }

    private static void putInt(byte[] bytes, int at, int value) {
        bytes[at] = (byte) value;
        bytes[at + 1] = (byte) (value >>> 8);
        bytes[at + 2] = (byte) (value >>> 16);
        bytes[at + 3] = (byte) (value >>> 24);
    }

    private static int padded(int bytes) {
        return (bytes + 7) & ~7;
    }

    /**
     * Body arrays and column chunks kept from one {@code DoGet} to the next, softly (the collector may take them
     * back when memory runs short). Both are megabytes, which G1 allocates as humongous objects (above half a
     * region: 1 MiB under {@code -Xmx4g}); when the old generation sits above G1's marking threshold, every
     * humongous allocation starts a concurrent cycle that marks the whole heap. Allocated afresh for every read,
     * they started G1 cycles read after read (212 in a 60 s JMH {@code STRING_SHORT} fork), which with 10M strings
     * held means marking 20M objects: GC threads 10-250 ms of CPU per read of ~350-650.
     */
    private static final class Spares {
        /** About two reads' worth of bodies (gRPC holds up to two batches queued, one is being built). */
        private static final int MAX_BODIES = 4;
        private static final int MAX_CHUNKS = 8;
        /**
         * A body grown far past {@link #TARGET_MESSAGE_BYTES} for a few huge strings is not kept: softly held or
         * not, four of them would sit in the heap for a rare table.
         */
        private static final int MAX_KEPT_BODY_BYTES = 4 * TARGET_MESSAGE_BYTES;
        /**
         * Smaller chunks (many columns share a batch's ~8 MiB) are not humongous even for 8-byte values, and would
         * take the places of the large ones.
         */
        private static final int MIN_KEPT_CHUNK_CAPACITY = 1 << 17;

        private static final Queue<SoftReference<byte[]>> BODIES = new ConcurrentLinkedQueue<>();
        private static final Queue<SoftReference<WritableChunk<Values>>> CHUNKS = new ConcurrentLinkedQueue<>();

        private Spares() {}

        /** @return a kept array of at least {@code capacity} bytes, or a new one */
        static byte[] body(int capacity) {
            for (SoftReference<byte[]> kept; (kept = BODIES.poll()) != null;) {
                byte[] array = kept.get();
                if (array != null && array.length >= capacity) {
                    return array;
                }
                // too small (or collected): dropped, so the spares grow to what the tables need
            }
            return new byte[capacity];
        }

        /** Keeps an array no message holds any more; called from the writer and from transport threads. */
        static void keep(byte[] array) {
            if (array.length > 0 && array.length <= MAX_KEPT_BODY_BYTES && BODIES.size() < MAX_BODIES) {
                BODIES.offer(new SoftReference<>(array));
            }
        }

        /** @return a kept chunk of the type with at least {@code capacity}, or a new one */
        static WritableChunk<Values> chunk(io.deephaven.chunk.ChunkType type, int capacity) {
            for (SoftReference<WritableChunk<Values>> kept : CHUNKS) {
                WritableChunk<Values> chunk = kept.get();
                if (chunk == null) {
                    CHUNKS.remove(kept);
                } else if (chunk.getChunkType() == type && chunk.capacity() >= capacity && CHUNKS.remove(kept)) {
                    return chunk;
                }
            }
            return type.makeWritableChunk(capacity);
        }

        /**
         * Keeps a chunk the writer is done with; an object chunk is cleared first, not to hold the table's values:
         * to its capacity, since a last, shorter batch leaves the earlier batches' references beyond its size.
         */
        static void keep(WritableChunk<Values> chunk) {
            if (chunk.getChunkType() == io.deephaven.chunk.ChunkType.Object) {
                chunk.setSize(chunk.capacity());
                chunk.fillWithNullValue(0, chunk.capacity());
            }
            if (chunk.capacity() >= MIN_KEPT_CHUNK_CAPACITY && CHUNKS.size() < MAX_CHUNKS) {
                CHUNKS.offer(new SoftReference<>(chunk));
            } else {
                chunk.close();
            }
        }
    }

    /**
     * A record batch's body as it is built: a heap array that grows as strings need. Each batch takes an array gRPC
     * has finished copying from ({@link #recycle}, kept in {@link Spares}, across reads too) or a new one, since
     * gRPC may still be sending the previous batch; reusing them spares allocating and zeroing megabytes per
     * batch. Nothing relies on an array being zeroed: every byte up to {@link #length} is written.
     */
    private static final class Body {
        byte[] bytes = new byte[0];
        int length;

        /** Starts a batch with room for its fixed-width part. */
        void start(int capacity) {
            bytes = Spares.body(Math.max(capacity, bytes.length));
            length = 0;
        }

        /** Takes back an array gRPC has copied out (called on a transport thread). */
        void recycle(byte[] array) {
            Spares.keep(array);
        }

        void reserve(int more) {
            if (bytes.length - length < more) {
                byte[] outgrown = bytes;
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length + (bytes.length >> 1), length + more));
                Spares.keep(outgrown); // no message holds it: it was still being built
            }
        }

        /** Zero bytes up to the next multiple of 8: Arrow buffers start 8-byte aligned. */
        void pad() {
            zero(padded(length) - length);
        }

        void zero(int count) {
            reserve(count);
            Arrays.fill(bytes, length, length + count, (byte) 0);
            length += count;
        }

        /**
         * The JDK's encoder: for the usual Latin-1-coded strings without high characters it is an intrinsic check
         * and array copy. Copying ASCII strings a char at a time into the body instead (no array per value, exact:
         * the chars OR-ed together below 0x80) was faster in isolation for 7-character strings (9 against 14 ns
         * each) but not in the server: a DoGet took 490 against 355 ms of CPU for 10M short strings and 678
         * against 226 ms for 1M ~97-character ones (JMH, GC kept out of it with 32 MiB G1 regions).
         */
        void appendUtf8(String value) {
            byte[] encoded = value.getBytes(StandardCharsets.UTF_8);
            reserve(encoded.length);
            System.arraycopy(encoded, 0, bytes, length, encoded.length);
            length += encoded.length;
        }
    }

    /** The Arrow IPC {@code Message} flatbuffer of a record batch. */
    private static byte[] header(int rows, long[] nodes, long[] buffers, int bodyLength) {
        FlatBufferBuilder builder = new FlatBufferBuilder(128 + 32 * buffers.length);
        RecordBatch.startBuffersVector(builder, buffers.length / 2);
        for (int b = buffers.length / 2 - 1; b >= 0; b--) {
            Buffer.createBuffer(builder, buffers[2 * b], buffers[2 * b + 1]);
        }
        int bufferVector = builder.endVector();
        RecordBatch.startNodesVector(builder, nodes.length / 2);
        for (int n = nodes.length / 2 - 1; n >= 0; n--) {
            FieldNode.createFieldNode(builder, nodes[2 * n], nodes[2 * n + 1]);
        }
        int nodeVector = builder.endVector();
        RecordBatch.startRecordBatch(builder);
        RecordBatch.addLength(builder, rows);
        RecordBatch.addNodes(builder, nodeVector);
        RecordBatch.addBuffers(builder, bufferVector);
        int recordBatch = RecordBatch.endRecordBatch(builder);
        Message.startMessage(builder);
        Message.addVersion(builder, MetadataVersion.V5);
        Message.addHeaderType(builder, MessageHeader.RecordBatch);
        Message.addHeader(builder, recordBatch);
        Message.addBodyLength(builder, bodyLength);
        builder.finish(Message.endMessage(builder));
        return builder.sizedByteArray();
    }

    /** A serialized {@code FlightData{data_header = 2, data_body = 1000}}, drained to gRPC in two writes. */
    private static InputStream flightData(byte[] header, byte[] body, int bodyLength,
            Consumer<byte[]> afterDrain) {
        byte[] prefix = new byte[header.length + 32];
        CodedOutputStream out = CodedOutputStream.newInstance(prefix);
        try {
            out.writeByteArray(2, header);
            out.writeTag(1000, com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt32NoTag(bodyLength);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Serialized(prefix, prefix.length - out.spaceLeft(), body, bodyLength, afterDrain);
    }

    private static final class Serialized extends InputStream implements Drainable, KnownLength {
        private final byte[] prefix;
        private final int prefixLength;
        private final byte[] body;
        private final int bodyLength;
        private final Consumer<byte[]> afterDrain;
        private boolean drained;

        Serialized(byte[] prefix, int prefixLength, byte[] body, int bodyLength, Consumer<byte[]> afterDrain) {
            this.prefix = prefix;
            this.prefixLength = prefixLength;
            this.body = body;
            this.bodyLength = bodyLength;
            this.afterDrain = afterDrain;
        }

        /** gRPC's framer copies what it is given before {@code write} returns, so the body is free afterwards. */
        @Override
        public int drainTo(OutputStream target) throws IOException {
            target.write(prefix, 0, prefixLength);
            target.write(body, 0, bodyLength);
            drained = true;
            afterDrain.accept(body);
            return prefixLength + bodyLength;
        }

        @Override
        public int available() {
            return drained ? 0 : prefixLength + bodyLength;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException("drain this message with drainTo");
        }
    }
}
