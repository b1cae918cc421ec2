package dev.deephavencdi.cdi.impl;

import dev.deephavencdi.cdi.Published;
import dev.deephavencdi.cdi.RequestSession;
import dev.deephavencdi.cdi.SessionName;
import dev.deephavencdi.client.Session;
import dev.deephavencdi.client.Table;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.build.compatible.spi.BeanInfo;
import jakarta.enterprise.inject.build.compatible.spi.BuildCompatibleExtension;
import jakarta.enterprise.inject.build.compatible.spi.ClassConfig;
import jakarta.enterprise.inject.build.compatible.spi.Enhancement;
import jakarta.enterprise.inject.build.compatible.spi.InjectionPointInfo;
import jakarta.enterprise.inject.build.compatible.spi.MethodConfig;
import jakarta.enterprise.inject.build.compatible.spi.Messages;
import jakarta.enterprise.inject.build.compatible.spi.Registration;
import jakarta.enterprise.inject.build.compatible.spi.Synthesis;
import jakarta.enterprise.inject.build.compatible.spi.SyntheticComponents;
import jakarta.enterprise.inject.build.compatible.spi.Validation;
import jakarta.enterprise.lang.model.AnnotationInfo;
import jakarta.enterprise.lang.model.declarations.MethodInfo;
import jakarta.enterprise.lang.model.types.Type;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A build compatible extension, so the same code path runs in Weld (through its translator) and in Quarkus ArC
 * (at build time):
 * <ul>
 *   <li>registers an application-scoped {@code @SessionName("x") Session} and a request-scoped
 *       {@code @RequestSession("x") Session} for every name that configuration keys
 *       ({@code deephaven.cdi.session."x".*}) or injection points mention;</li>
 *   <li>fails deployment for {@code @Published} methods that cannot work (wrong return type, private, static, or
 *       the annotation on a class), with a message naming the method.</li>
 * </ul>
 * Configuration values are read when the beans are created, at runtime; only the names are fixed here.
 */
public class SessionsExtension implements BuildCompatibleExtension {
    private static final Set<String> PUBLISHABLE_TYPES = Set.of(
            Table.class.getName(), CompletionStage.class.getName(), CompletableFuture.class.getName());

    private final Set<String> names = new TreeSet<>();
    private final List<String> problems = new ArrayList<>();

    @Enhancement(types = Object.class, withSubtypes = true, withAnnotations = Published.class)
    public void checkPublishedMethods(ClassConfig type) {
        if (type.info().hasAnnotation(Published.class)
                && !type.info().hasAnnotation(jakarta.interceptor.Interceptor.class)) {
            problems.add("@Published on class " + type.info().name() + ": put it on the methods that return the"
                    + " tables to publish");
        }
        for (MethodConfig method : type.methods()) {
            MethodInfo info = method.info();
            if (info.hasAnnotation(Published.class)) {
                checkPublishedMethod(type.info().name() + "." + info.name(), info);
            }
        }
    }

    private void checkPublishedMethod(String where, MethodInfo method) {
        if (Modifier.isPrivate(method.modifiers()) || method.isStatic()) {
            problems.add("@Published method " + where + " is " + (method.isStatic() ? "static" : "private")
                    + ", so it cannot be intercepted; make it a non-private instance method");
        }
        String returned = rawName(method.returnType());
        if (!PUBLISHABLE_TYPES.contains(returned)) {
            problems.add("@Published method " + where + " returns " + returned + "; it must return "
                    + Table.class.getName() + " or a CompletionStage<Table>");
        }
    }

    private static String rawName(Type type) {
        if (type.isClass()) {
            return type.asClass().declaration().name();
        }
        if (type.isParameterizedType()) {
            return type.asParameterizedType().declaration().name();
        }
        return type.toString();
    }

    @Registration(types = Object.class)
    public void collectInjectedSessionNames(BeanInfo bean) {
        for (InjectionPointInfo injectionPoint : bean.injectionPoints()) {
            for (AnnotationInfo qualifier : injectionPoint.qualifiers()) {
                if (qualifier.name().equals(SessionName.class.getName())) {
                    names.add(qualifier.value().asString());
                } else if (qualifier.name().equals(RequestSession.class.getName())
                        && !qualifier.value().asString().isEmpty()) {
                    names.add(qualifier.value().asString());
                }
            }
        }
    }

    @Synthesis
    public void registerNamedSessions(SyntheticComponents components) {
        names.addAll(DeephavenConfiguration.sessionNames(ConfigProvider.getConfig()));
        for (String name : names) {
            components.addBean(Session.class)
                    .type(Session.class)
                    .scope(ApplicationScoped.class)
                    .qualifier(SessionName.Literal.of(name))
                    .withParam(NamedSessionBeans.NAME, name)
                    .createWith(NamedSessionBeans.ApplicationCreator.class)
                    .disposeWith(NamedSessionBeans.ApplicationDisposer.class);
            components.addBean(Session.class)
                    .type(Session.class)
                    .scope(RequestScoped.class)
                    .qualifier(RequestSession.Literal.of(name))
                    .withParam(NamedSessionBeans.NAME, name)
                    .createWith(NamedSessionBeans.RequestCreator.class)
                    .disposeWith(NamedSessionBeans.RequestDisposer.class);
        }
    }

    @Validation
    public void reportProblems(Messages messages) {
        problems.forEach(messages::error);
    }
}
