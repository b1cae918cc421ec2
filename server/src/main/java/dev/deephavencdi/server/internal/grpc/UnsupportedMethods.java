package dev.deephavencdi.server.internal.grpc;

import io.grpc.HandlerRegistry;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.InputStream;

/**
 * The fallback for every method no service binds (ObjectService, HierarchicalTableService, PartitionedTableService,
 * StorageService, ...): {@code UNIMPLEMENTED} naming the method and what the embedded server offers, instead of
 * grpc-java's bare "Method not found".
 */
public final class UnsupportedMethods extends HandlerRegistry {
    private static final String SUPPORTED = "ConfigService, SessionService, TableService, InputTableService,"
            + " ConsoleService (Groovy), ApplicationService/ListFields and Arrow Flight (DoGet, DoPut, DoExchange,"
            + " GetSchema, GetFlightInfo); see the README's RPC table";

    @Override
    public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
        MethodDescriptor<InputStream, InputStream> method = MethodDescriptor.<InputStream, InputStream>newBuilder()
                .setType(MethodDescriptor.MethodType.UNKNOWN)
                .setFullMethodName(methodName)
                .setRequestMarshaller(IGNORED)
                .setResponseMarshaller(IGNORED)
                .build();
        ServerCallHandler<InputStream, InputStream> handler = new ServerCallHandler<>() {
            @Override
            public ServerCall.Listener<InputStream> startCall(ServerCall<InputStream, InputStream> call,
                    Metadata headers) {
                call.close(Status.UNIMPLEMENTED.withDescription(methodName + " is not supported by the embedded"
                        + " server; supported: " + SUPPORTED), new Metadata());
                return new ServerCall.Listener<>() {};
            }
        };
        return ServerMethodDefinition.create(method, handler);
    }

    private static final MethodDescriptor.Marshaller<InputStream> IGNORED = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(InputStream value) {
            return value;
        }

        @Override
        public InputStream parse(InputStream stream) {
            return new ByteArrayInputStream(new byte[0]);
        }
    };
}
