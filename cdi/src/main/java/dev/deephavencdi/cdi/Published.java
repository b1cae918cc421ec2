package dev.deephavencdi.cdi;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.Documented;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Publishes the {@link dev.deephavencdi.client.Table} a method returns to a new shared ticket and registers it
 * under a name in {@link PublishedTickets}, where other clients can look the ticket up (for example through the
 * REST endpoints).
 *
 * <pre>{@code
 * @Published("prices")
 * Table prices() { return session.emptyTable(1000).update("Price = i * 1.5"); }
 * }</pre>
 *
 * <ul>
 *   <li>The method may return {@code Table} or a {@code CompletionStage<Table>} (publishing happens when it
 *       completes; the returned stage completes after the table is published). Other return types fail
 *       deployment.</li>
 *   <li>Calling the method again republishes: the new table gets a new ticket, the name points to it, and the
 *       previously published table is closed, which invalidates its ticket. Returning the table that is already
 *       published under the name keeps its ticket.</li>
 *   <li>The registry keeps the published table alive; its ticket stays valid until it is republished, its
 *       session closes (a {@link RequestSession} closes with its request), or the container stops. Do not close a
 *       published table yourself unless you mean to end its ticket.</li>
 *   <li>Failures (server errors, a released table) propagate as the client's typed exceptions and leave the
 *       registry unchanged.</li>
 *   <li>Self-invocation: Quarkus ArC intercepts calls a bean makes to its own methods, Weld does not. Call
 *       {@code @Published} methods through an injected reference to be portable.</li>
 * </ul>
 */
@Inherited
@Documented
@InterceptorBinding
@Retention(RUNTIME)
@Target({METHOD, TYPE})
public @interface Published {

    /** @return the name to register the ticket under; empty means the method's name */
    @Nonbinding
    String value() default "";
}
