package dev.deephavencdi.cdi.impl;

import dev.deephavencdi.cdi.Published;
import dev.deephavencdi.client.Table;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.util.concurrent.CompletionStage;

/**
 * Publishes what a {@link Published @Published} method returns. The work lives in
 * {@link PublishedTicketsRegistry}; this class only reads the binding and routes the result.
 *
 * <p>The binding is read from the method and its class by reflection, not with
 * {@code InvocationContext.getInterceptorBinding}: that method is Jakarta Interceptors 2.2 (EE 11), and EE 10
 * servers would throw {@code NoSuchMethodError} on the first call.
 */
@Published
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_AFTER)
public class PublishedInterceptor {

    @Inject
    PublishedTicketsRegistry registry;

    @AroundInvoke
    Object publish(InvocationContext invocation) throws Exception {
        String name = PublishedMethods.nameOf(PublishedMethods.bindingOf(invocation.getMethod(),
                invocation.getTarget()), invocation.getMethod());
        Object result = invocation.proceed();
        if (result instanceof Table table) {
            return registry.publish(name, table);
        }
        if (result instanceof CompletionStage<?> stage) {
            return stage.thenCompose(value -> registry.publishAsync(name, PublishedMethods.requireTable(
                    value, invocation.getMethod())));
        }
        return PublishedMethods.requireTable(result, invocation.getMethod());
    }
}
