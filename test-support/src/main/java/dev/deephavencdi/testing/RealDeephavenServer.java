package dev.deephavencdi.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension handing tests the real Deephaven server 0.40.7 ({@link RealDeephavenServerProcess}) as a
 * parameter of a test, {@code @BeforeAll} or constructor. One server per kind (anonymous, or pre-shared key when
 * the parameter is annotated {@link PreSharedKey}) for the whole test run of a module: it starts on first use
 * (about 4 s and 1 GiB on an idle machine), is kept in the root context's store and stops when the run ends.
 *
 * <pre>{@code
 * @ExtendWith(RealDeephavenServer.class)
 * class SomeTest {
 *     @BeforeAll
 *     static void connect(RealDeephavenServerProcess server) { ... server.target() ... }
 * }
 * }</pre>
 */
public final class RealDeephavenServer implements ParameterResolver {
    /** The key the {@link PreSharedKey} server requires. */
    public static final String KEY = "real-server-test-key";

    /** Selects the server that requires Deephaven's pre-shared key {@link #KEY} instead of the anonymous one. */
    @Target(ElementType.PARAMETER)
    @Retention(RetentionPolicy.RUNTIME)
    public @interface PreSharedKey {
    }

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(RealDeephavenServer.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RealDeephavenServerProcess.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return shared(context, parameter.isAnnotated(PreSharedKey.class));
    }

    /**
     * @param context any context of the running tests
     * @param preSharedKey whether the server requires {@link #KEY}
     * @return the module's server of that kind, started on first use
     */
    public static RealDeephavenServerProcess shared(ExtensionContext context, boolean preSharedKey) {
        String kind = preSharedKey ? "psk" : "anonymous";
        return context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(kind, unused -> new Stopper(preSharedKey
                        ? RealDeephavenServerProcess.startWithPreSharedKey(KEY)
                        : RealDeephavenServerProcess.startAnonymous()), Stopper.class)
                .server;
    }

    /** What the store closes at the end of the run. */
    private record Stopper(RealDeephavenServerProcess server) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
        }
    }
}
