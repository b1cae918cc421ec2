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
 * Netty's {@link FastThreadLocal#removeAll()} documents for container threads. The client's own threads (its event
 * loop, a {@link FastThreadLocalThread}) keep theirs: they end when the connection closes.
 */
final class ForeignThreadCleanup implements ClientInterceptor {
    static final ForeignThreadCleanup INSTANCE = new ForeignThreadCleanup();

    private ForeignThreadCleanup() {}

    /** Removes Netty's thread-local map from the calling thread if it is not one of Netty's own threads. */
    static void releaseNettyThreadLocals() {
        if (!(Thread.currentThread() instanceof FastThreadLocalThread) && InternalThreadLocalMap.getIfSet() != null) {
            FastThreadLocal.removeAll();
        }
    }

    @Override
    public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
        return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<A> listener, Metadata headers) {
                try {
                    super.start(new CleaningListener<>(listener), headers);
                } finally {
                    releaseNettyThreadLocals();
                }
            }

            @Override
            public void request(int messages) {
                try {
                    super.request(messages);
                } finally {
                    releaseNettyThreadLocals();
                }
            }

            @Override
            public void sendMessage(Q message) {
                try {
                    super.sendMessage(message);
                } finally {
                    releaseNettyThreadLocals();
                }
            }

            @Override
            public void halfClose() {
                try {
                    super.halfClose();
                } finally {
                    releaseNettyThreadLocals();
                }
            }

            @Override
            public void cancel(String message, Throwable cause) {
                try {
                    super.cancel(message, cause);
                } finally {
                    releaseNettyThreadLocals();
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
            try {
                super.onHeaders(headers);
            } finally {
                releaseNettyThreadLocals();
            }
        }

        @Override
        public void onMessage(A message) {
            try {
                super.onMessage(message);
            } finally {
                releaseNettyThreadLocals();
            }
        }

        @Override
        public void onClose(Status status, Metadata trailers) {
            try {
                super.onClose(status, trailers);
            } finally {
                releaseNettyThreadLocals();
            }
        }
    }
}
