package dev.deephavencdi.server.internal.flight;

import io.grpc.Drainable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Hands a pre-serialized message to gRPC so that it is drained through a local buffer. Deephaven's Barrage
 * column writers emit every value as single-byte writes (through a {@code LittleEndianDataOutputStream}); drained
 * straight into gRPC's framer, each of those bytes pays for the framer's and Netty's per-write checks, which made
 * that path dominate a large {@code DoGet}. Through this buffer they become 64 KiB bulk copies.
 */
final class BufferedDrainable extends InputStream implements Drainable {
    private static final int CHUNK_BYTES = 64 * 1024;

    private final Drainable message;

    BufferedDrainable(Drainable message) {
        this.message = message;
    }

    @Override
    public int drainTo(OutputStream target) throws IOException {
        ChunkedOutputStream chunks = new ChunkedOutputStream(target);
        int written = message.drainTo(chunks);
        chunks.writePending();
        return written;
    }

    /** gRPC drains; reading byte by byte is not supported, as by the Barrage streams themselves. */
    @Override
    public int read() {
        throw new UnsupportedOperationException("drain this message with drainTo");
    }

    /** An unsynchronized buffer: single-byte writes fill an array, full arrays go to the target in one write. */
    private static final class ChunkedOutputStream extends OutputStream {
        private final OutputStream target;
        private final byte[] chunk = new byte[CHUNK_BYTES];
        private int used;

        ChunkedOutputStream(OutputStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) throws IOException {
            if (used == chunk.length) {
                writePending();
            }
            chunk[used++] = (byte) b;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (length > chunk.length - used) {
                writePending();
                if (length >= chunk.length) {
                    target.write(bytes, offset, length);
                    return;
                }
            }
            System.arraycopy(bytes, offset, chunk, used, length);
            used += length;
        }

        void writePending() throws IOException {
            if (used > 0) {
                target.write(chunk, 0, used);
                used = 0;
            }
        }
    }
}
