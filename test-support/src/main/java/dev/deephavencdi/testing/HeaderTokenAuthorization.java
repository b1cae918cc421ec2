package dev.deephavencdi.testing;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * pydeephaven's {@code wrap_rpc} as a gRPC client interceptor: every call sends the held value as
 * {@code authorization}, and a value the server returns in the response <em>headers</em> ({@code Bearer <token>},
 * after the login and each rotation) replaces it verbatim. Nothing is sent while the value is null. Thread-safe.
 */
public final class HeaderTokenAuthorization implements ClientInterceptor {
    public static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final AtomicReference<String> value;
    private final AtomicReference<String> lastFromServer = new AtomicReference<>();

    /** @param initial the value of the first call, e.g. {@code Anonymous} */
    public HeaderTokenAuthorization(String initial) {
        this.value = new AtomicReference<>(initial);
    }

    /** @return the value sent as {@code authorization} on the next call, or null */
    public String value() {
        return value.get();
    }

    public void set(String authorization) {
        value.set(authorization);
    }

    /** @return the last value the server put in response headers, or null */
    public String lastFromServer() {
        return lastFromServer.get();
    }

    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
            MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next) {
        return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<RespT> listener, Metadata headers) {
                String current = value.get();
                if (current != null) {
                    headers.put(AUTHORIZATION, current);
                }
                super.start(new SimpleForwardingClientCallListener<>(listener) {
                    @Override
                    public void onHeaders(Metadata responseHeaders) {
                        String token = responseHeaders.get(AUTHORIZATION);
                        if (token != null) {
                            lastFromServer.set(token);
                            value.set(token);
                        }
                        super.onHeaders(responseHeaders);
                    }
                }, headers);
            }
        };
    }
}
