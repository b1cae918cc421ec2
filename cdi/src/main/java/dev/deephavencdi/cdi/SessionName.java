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
 * Selects the application-scoped {@link dev.deephavencdi.client.Session} of a named server connection:
 * {@code @Inject @SessionName("analytics") Session analytics}. The connection is configured under
 * {@code deephaven.cdi.session."analytics".*} (host, port, auth, tls); without a host it uses the embedded server.
 * A name used at an injection point needs no configuration to exist.
 */
@Qualifier
@Documented
@Retention(RUNTIME)
@Target({FIELD, PARAMETER, METHOD, TYPE})
public @interface SessionName {

    /** @return the session name, as it appears in configuration keys */
    String value();

    /** Supports programmatic lookup: {@code sessions.select(SessionName.Literal.of("analytics"))}. */
    final class Literal extends AnnotationLiteral<SessionName> implements SessionName {
        private static final long serialVersionUID = 1L;
        private final String value;

        private Literal(String value) {
            this.value = value;
        }

        public static Literal of(String value) {
            return new Literal(value);
        }

        @Override
        public String value() {
            return value;
        }
    }
}
