package dev.deephavencdi.cdi;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Selects a request-scoped {@link dev.deephavencdi.client.Session}: one session per request (HTTP request, or any
 * active CDI request context), opened on first use and closed when the request ends. Closing it releases every
 * table it created, so <b>tickets it published die with the request</b>; publish from the application-scoped
 * session when a ticket must outlive the request.
 *
 * <pre>{@code
 * @Inject @RequestSession Session perRequest;                 // default server
 * @Inject @RequestSession("analytics") Session analytics;     // named server
 * }</pre>
 */
@Qualifier
@Documented
@Retention(RUNTIME)
@Target({FIELD, PARAMETER, METHOD, TYPE})
public @interface RequestSession {

    /** @return the session name; empty for the default session */
    String value() default "";

    /** Supports programmatic lookup. */
    final class Literal extends AnnotationLiteral<RequestSession> implements RequestSession {
        private static final long serialVersionUID = 1L;

        /** The default request session. */
        public static final Literal DEFAULT = new Literal("");

        private final String value;

        private Literal(String value) {
            this.value = value;
        }

        public static Literal of(String value) {
            return value.isEmpty() ? DEFAULT : new Literal(value);
        }

        @Override
        public String value() {
            return value;
        }
    }
}
