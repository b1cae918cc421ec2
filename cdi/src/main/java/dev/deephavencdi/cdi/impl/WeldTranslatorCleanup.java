package dev.deephavencdi.cdi.impl;

import jakarta.enterprise.inject.build.compatible.spi.BuildServices;
import jakarta.enterprise.inject.spi.BeanManager;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets go of the one reference Weld keeps to an undeployed application because it ran a build compatible
 * extension ({@link SessionsExtension}): Weld's translator stores the deployment's annotation builder factory,
 * and with it the deployment's bean manager, in a static field of its {@code BuildServicesImpl}, and never clears
 * it. That class belongs to the server (WildFly, Open Liberty, Payara), so until the next deployment with a build
 * compatible extension replaces it, the field keeps the whole undeployed application, class loader and all.
 *
 * <p>Clears the field only if it still holds this deployment's factory (same Weld context id), so a deployment
 * starting meanwhile keeps its own. Anywhere else (Quarkus ArC, another CDI implementation, a Weld that changed)
 * it does nothing.
 */
final class WeldTranslatorCleanup {
    private static final Logger log = LoggerFactory.getLogger(WeldTranslatorCleanup.class);
    private static final String WELD_BUILD_SERVICES = "org.jboss.weld.lite.extension.translator.BuildServicesImpl";
    private static final String FACTORY_FIELD = "ANN_FACTORY_IMPL_INSTANCE";

    private WeldTranslatorCleanup() {}

    static void forget(BeanManager ours) {
        try {
            Class<?> services = weldBuildServices(ours);
            if (services == null) {
                return;
            }
            Field field = services.getDeclaredField(FACTORY_FIELD);
            if (!Modifier.isStatic(field.getModifiers())) {
                return;
            }
            field.setAccessible(true);
            Object factory = field.get(null);
            if (factory == null) {
                return;
            }
            Object theirs = beanManagerOf(factory);
            String theirId = contextId(theirs);
            if (theirId != null && Objects.equals(theirId, contextId(ours))) {
                field.set(null, null);
                log.debug("released Weld's reference to this deployment's bean manager ({}.{})",
                        WELD_BUILD_SERVICES, FACTORY_FIELD);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("cannot release Weld's reference to this deployment's bean manager; the undeployed"
                    + " application stays loaded until the next deployment replaces it", e);
        }
    }

    /**
     * @return Weld's {@code BuildServicesImpl}, or null where there is none: seen from Weld's own class loader
     *         (Open Liberty's Weld bundle, Weld SE), else what the CDI API's (package-private)
     *         {@code BuildServicesResolver.get()} answers (WildFly, where the translator is a module of its own)
     */
    private static Class<?> weldBuildServices(BeanManager ours) throws ReflectiveOperationException {
        ClassLoader weld = ours.getClass().getClassLoader();
        if (weld != null) {
            try {
                return Class.forName(WELD_BUILD_SERVICES, false, weld);
            } catch (ClassNotFoundException | LinkageError notThere) {
                // ask the CDI API below
            }
        }
        Object resolved = buildServices();
        return resolved != null && resolved.getClass().getName().equals(WELD_BUILD_SERVICES)
                ? resolved.getClass() : null;
    }

    /** @return what the CDI API's (package-private) {@code BuildServicesResolver.get()} answers, or null */
    private static Object buildServices() throws ReflectiveOperationException {
        Class<?> resolver = Class.forName(BuildServices.class.getPackageName() + ".BuildServicesResolver", true,
                BuildServices.class.getClassLoader());
        Method get = resolver.getDeclaredMethod("get");
        get.setAccessible(true);
        try {
            return get.invoke(null);
        } catch (InvocationTargetException noServices) {
            return null; // no build compatible extension support here
        }
    }

    private static Object beanManagerOf(Object factory) throws ReflectiveOperationException {
        for (Class<?> type = factory.getClass(); type != null; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers()) && BeanManager.class.isAssignableFrom(field.getType())) {
                    field.setAccessible(true);
                    return field.get(factory);
                }
            }
        }
        return null;
    }

    /**
     * @return Weld's id of the container a bean manager belongs to ({@code BeanManagerImpl.getContextId()}, through
     *         {@code BeanManagerProxy.unwrap()} for the proxies that injection and events hand out), or null
     */
    private static String contextId(Object beanManager) {
        Object manager = beanManager;
        for (int unwrapped = 0; manager != null && unwrapped < 3; unwrapped++) {
            try {
                Object id = manager.getClass().getMethod("getContextId").invoke(manager);
                return id == null ? null : id.toString();
            } catch (NoSuchMethodException proxy) {
                try {
                    manager = manager.getClass().getMethod("unwrap").invoke(manager);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    return null;
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }
        return null;
    }
}
