package dev.deephavencdi.server.internal.grpc;

import dev.deephavencdi.server.internal.ServerErrors;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;

/** Completes a unary call with a response, or with the failure mapped to a status. */
final class Unary {
    private Unary() {}

    static <T> void respond(StreamObserver<T> observer, Supplier<T> body) {
        T response;
        try {
            response = body.get();
        } catch (RuntimeException | Error e) { // Error: OutOfMemoryError must complete the call too
            observer.onError(ServerErrors.toStatus(e));
            return;
        }
        observer.onNext(response);
        observer.onCompleted();
    }
}
