package dev.deephavencdi.bench;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The anchor of the round-trip benchmark: a bare grpc-java unary echo on the same transport as our server
 * (grpc-netty-shaded, plaintext HTTP/2 on loopback, default executor), with a hand-written method descriptor
 * and a byte-array marshaller, so nothing but gRPC itself is measured.
 */
public final class EchoServer implements AutoCloseable {
    static final MethodDescriptor<byte[], byte[]> ECHO = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName("bench.Echo", "Unary"))
            .setRequestMarshaller(new BytesMarshaller())
            .setResponseMarshaller(new BytesMarshaller())
            .build();

    private final Server server;

    private EchoServer(Server server) {
        this.server = server;
    }

    /** Starts an echo server on a free loopback port, its calls run on gRPC's default executor. */
    public static EchoServer start() {
        return start(false);
    }

    /**
     * Starts an echo server on a free loopback port.
     *
     * @param directExecutor whether calls run on the transport's event loop ({@code directExecutor()}), which
     *        grpc-java's performance guidance offers for handlers that never block, as this one
     */
    public static EchoServer start(boolean directExecutor) {
        ServerServiceDefinition service = ServerServiceDefinition.builder("bench.Echo")
                .addMethod(ECHO, ServerCalls.asyncUnaryCall((request, responses) -> {
                    responses.onNext(request);
                    responses.onCompleted();
                }))
                .build();
        try {
            NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .addService(service);
            if (directExecutor) {
                builder.directExecutor();
            }
            return new EchoServer(builder.build().start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getPort();
    }

    /** One blocking unary echo call. */
    public static byte[] echo(Channel channel, byte[] payload) {
        return ClientCalls.blockingUnaryCall(channel, ECHO, CallOptions.DEFAULT, payload);
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private static final class BytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
