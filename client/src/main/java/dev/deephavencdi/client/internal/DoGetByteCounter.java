package dev.deephavencdi.client.internal;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientStreamTracer;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.util.function.LongConsumer;
import org.apache.arrow.flight.impl.FlightServiceGrpc;

/**
 * Counts the bytes of every Flight {@code DoGet} answer a connection receives, whoever reads it: our row reader,
 * {@code Table.openArrowStream()} (so the REST {@code /arrow} endpoint) or the official client's own
 * {@code FlightSession}. It uses gRPC's stream tracer, which reports each received message's size; the count is
 * the messages as serialized (Arrow record batches with their headers and the schema message).
 */
final class DoGetByteCounter implements ClientInterceptor {
    private static final String DO_GET = FlightServiceGrpc.getDoGetMethod().getFullMethodName();

    private final ClientStreamTracer.Factory tracers;

    /** @param received told the size of each received DoGet message; called on transport threads */
    DoGetByteCounter(LongConsumer received) {
        ClientStreamTracer tracer = new ClientStreamTracer() {
            @Override
            public void inboundUncompressedSize(long bytes) {
                received.accept(bytes);
            }
        };
        this.tracers = new ClientStreamTracer.Factory() {
            @Override
            public ClientStreamTracer newClientStreamTracer(ClientStreamTracer.StreamInfo info, Metadata headers) {
                return tracer; // it keeps no state of its own, so one serves every call
            }
        };
    }

    @Override
    public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
        boolean doGet = DO_GET.equals(method.getFullMethodName());
        return next.newCall(method, doGet ? options.withStreamTracerFactory(tracers) : options);
    }
}
