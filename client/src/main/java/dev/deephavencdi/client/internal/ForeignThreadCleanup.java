package dev.deephavencdi.client.internal;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.FastThreadLocalThread;
import io.netty.util.internal.InternalThreadLocalMap;

/**
 * Leaves no Netty thread-local state on threads the client does not own. Whatever part of a call runs on the
 * caller's thread (starting it, which may open the connection and build its pipeline; sending a message, which
 * allocates its buffer; and, for the official client's blocking calls, reading the answer) gives that thread
 * Netty's thread-local map (buffer caches, recyclers, encoders). On an application server's pooled thread that map
 * would stay for the thread's life, and its class would keep the undeployed application's class loader and
 * everything in it. So after each such step on a thread that is not one of Netty's own, the map is removed, as
 * Netty's {@link FastThreadLocal#removeAll()} documents for container threads, if the step created it: a map that
 * was there before belongs to someone else who shares this Netty (Quarkus keeps its CDI request context in one) and
 * stays. The client's own threads (its event loop, a {@link FastThreadLocalThread}) keep theirs: they end when the
 * connection closes.
 */
final class ForeignThreadCleanup implements ClientInterceptor {
    static final ForeignThreadCleanup INSTANCE = new ForeignThreadCleanup();

    private ForeignThreadCleanup() {}

    /** @return whether the calling thread has Netty's thread-local map already (pass it to {@link #release}) */
    static boolean hadNettyThreadLocals() {
        return InternalThreadLocalMap.getIfSet() != null;
    }

    /**
     * Removes Netty's thread-local map from the calling thread if the thread is not one of Netty's own and the map
     * was created since {@link #hadNettyThreadLocals()} answered {@code false}.
     */
    static void release(boolean hadBefore) {
        if (!hadBefore && !(Thread.currentThread() instanceof FastThreadLocalThread)
                && InternalThreadLocalMap.getIfSet() != null) {
            FastThreadLocal.removeAll();
        }
    }

    @Override
    public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
        return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<A> listener, Metadata headers) {
                boolean had = hadNettyThreadLocals();
                try {
                    super.start(new CleaningListener<>(listener), headers);
                } finally {
                    release(had);
                }
            }

            @Override
            public void request(int messages) {
                boolean had = hadNettyThreadLocals();
                try {
                    super.request(messages);
                } finally {
                    release(had);
                }
            }

            @Override
            public void sendMessage(Q message) {
                boolean had = hadNettyThreadLocals();
                try {
                    super.sendMessage(message);
                } finally {
                    release(had);
                }
            }

            @Override
            public void halfClose() {
                boolean had = hadNettyThreadLocals();
                try {
                    super.halfClose();
                } finally {
                    release(had);
                }
            }

            @Override
            public void cancel(String message, Throwable cause) {
                boolean had = hadNettyThreadLocals();
                try {
                    super.cancel(message, cause);
                } finally {
                    release(had);
                }
            }
        };
    }

    /** the answer's side: a blocking call reads (and parses) it on the caller's thread */
    private static final class CleaningListener<A> extends SimpleForwardingClientCallListener<A> {
        CleaningListener(ClientCall.Listener<A> delegate) {
            super(delegate);
        }

        @Override
        public void onHeaders(Metadata headers) {
            boolean had = hadNettyThreadLocals();
            try {
                super.onHeaders(headers);
            } finally {
                release(had);
            }
        }

        @Override
        public void onMessage(A message) {
            boolean had = hadNettyThreadLocals();
            try {
                super.onMessage(message);
            } finally {
                release(had);
            }
        }

        @Override
        public void onClose(Status status, Metadata trailers) {
            boolean had = hadNettyThreadLocals();
            try {
                super.onClose(status, trailers);
            } finally {
                release(had);
            }
        }
    }
}
