package dev.deephavencdi.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** Asserts the gRPC status of a failing call. */
public final class GrpcAssertions {
    private GrpcAssertions() {}

    public interface Call {
        void run() throws Exception;
    }

    /** @return the failure, for further assertions on its message */
    public static StatusRuntimeException assertStatus(Status.Code expected, Call call) {
        try {
            call.run();
        } catch (StatusRuntimeException e) {
            assertThat(e.getStatus().getCode()).as("status of %s", e.getStatus()).isEqualTo(expected);
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected " + expected + " but the call threw " + e, e);
        }
        return fail("expected " + expected + " but the call succeeded");
    }
}
