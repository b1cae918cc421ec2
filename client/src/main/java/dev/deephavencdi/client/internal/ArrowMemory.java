package dev.deephavencdi.client.internal;

import dev.deephavencdi.client.DeephavenException;
import io.grpc.Status;
import java.nio.ByteBuffer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.memory.util.MemoryUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Arrow allocator Flight streams read into, created on first use so that a JVM without Arrow's required
 * {@code --add-opens} can still connect and run table operations. Thread-safe.
 */
final class ArrowMemory implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ArrowMemory.class);

    static final String ADD_OPENS = "--add-opens=java.base/java.nio=ALL-UNNAMED";

    private BufferAllocator allocator;
    private boolean closed;

    /**
     * @throws DeephavenException {@code FAILED_PRECONDITION} naming the missing JVM option if Arrow cannot
     *         initialise its memory access
     * @throws IllegalStateException if the connection was closed
     */
    synchronized BufferAllocator allocator() {
        if (closed) {
            throw new IllegalStateException("the connection was closed");
        }
        if (allocator == null) {
            allocator = create();
        }
        return allocator;
    }

    private static BufferAllocator create() {
        try {
            // Arrow initialises its java.nio access lazily, deep inside the first Flight read, where the failure
            // surfaces as a vague "Failed to read message": initialise it now, where it can be explained
            MemoryUtil.getByteBufferAddress(ByteBuffer.allocateDirect(1));
        } catch (RuntimeException | LinkageError e) {
            throw new DeephavenException(Status.Code.FAILED_PRECONDITION, "Arrow Java cannot initialise its memory"
                    + " access (" + rootCause(e) + "). On JDK 17 and later start the JVM with " + ADD_OPENS
                    + " (e.g. in JAVA_TOOL_OPTIONS, or surefire's argLine for tests)", e);
        }
        return new RootAllocator();
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    /** Closes the allocator; buffers still held (streams the caller did not close) are logged, not thrown. */
    @Override
    public synchronized void close() {
        closed = true;
        if (allocator == null) {
            return;
        }
        try {
            allocator.close();
        } catch (RuntimeException e) {
            log.warn("Arrow buffers were still in use when the connection closed: close every FlightStream from"
                    + " Table.openArrowStream() ({})", e.getMessage());
        }
    }
}
