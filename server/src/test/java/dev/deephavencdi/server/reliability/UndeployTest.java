package dev.deephavencdi.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deephavencdi.testing.OfficialClient;
import dev.deephavencdi.testing.Poll;
import io.deephaven.client.impl.Session;
import io.deephaven.client.impl.TableHandle;
import io.deephaven.qst.table.TableSpec;
import io.deephaven.qst.table.TimeTable;
import java.io.File;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an application server does on undeploy: the server's jars live in their own class loader (as in a WAR), the
 * server starts, serves a static and a ticking table (formula compilation, the update graph, the initialization pool
 * and the cleanup threads all run), closes, and the class loader is dropped. Afterwards no thread of that class
 * loader is alive and the class loader is garbage-collected, twice in a row (a redeploy).
 */
class UndeployTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path compilerCache;

    @Test
    void closingTheServerStopsEveryThreadOfItsClassLoaderAndTheClassLoaderIsCollected() throws Exception {
        for (int deployment = 1; deployment <= 2; deployment++) {
            WeakReference<ClassLoader> loader = deployServeAndUndeploy("deployment-" + deployment);

            Poll.until(WAIT, () -> threadsOf(loader.get()).isEmpty(),
                    () -> "threads of the undeployed class loader still alive: " + threadsOf(loader.get()));
            Poll.until(WAIT, () -> {
                System.gc();
                return loader.get() == null;
            }, () -> "the undeployed class loader is still reachable; its live threads: " + threadsOf(loader.get())
                    + "; thread-local values and shutdown hooks of it: " + pins(loader.get()));
        }
    }

    /** Kept in its own frame so that nothing on the test's stack references the class loader afterwards. */
    private WeakReference<ClassLoader> deployServeAndUndeploy(String name) throws Exception {
        URLClassLoader loader = new URLClassLoader(name, applicationJars(), ClassLoader.getPlatformClassLoader());
        Class<?> serverClass = loader.loadClass("dev.deephavencdi.server.EmbeddedDeephavenServer");
        Object server;
        Thread deployer = Thread.currentThread();
        ClassLoader previous = deployer.getContextClassLoader();
        deployer.setContextClassLoader(loader); // as application servers do while deploying
        try {
            Object builder = serverClass.getMethod("builder").invoke(null);
            Class<?> builderClass = builder.getClass();
            builderClass.getMethod("port", int.class).invoke(builder, 0);
            builderClass.getMethod("updateCycle", Duration.class).invoke(builder, Duration.ofMillis(50));
            builderClass.getMethod("compilerCacheDirectory", Path.class).invoke(builder, compilerCache);
            server = builderClass.getMethod("start").invoke(builder);
        } finally {
            deployer.setContextClassLoader(previous);
        }
        try (OfficialClient client = new OfficialClient((String) serverClass.getMethod("target").invoke(server))) {
            // its generated pre-shared key, as the application's own sessions present it
            Session session = client.newSession((String) serverClass.getMethod("authentication").invoke(server));
            TableHandle computed = session.execute(TableSpec.empty(10).update("Y = i * 2"));
            TableHandle ticking = session.execute(TimeTable.of(Duration.ofMillis(20)).update("X = ii"));
            assertThat(computed.response().getSize()).isEqualTo(10);
            assertThat(ticking.response().getIsStatic()).isFalse();
            assertThat(threadsOf(loader)).isNotEmpty();
        } finally {
            serverClass.getMethod("close").invoke(server);
            loader.close();
        }
        return new WeakReference<>(loader);
    }

    /** The server module and its dependencies, without the tests. */
    private static URL[] applicationJars() throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<URL> urls = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isBlank() && !entry.endsWith("test-classes")) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        return urls.toArray(URL[]::new);
    }

    /** Diagnostics for a failure (needs --add-opens java.base/java.lang=ALL-UNNAMED; says so otherwise). */
    private static List<String> pins(ClassLoader loader) {
        List<String> pins = new ArrayList<>();
        try {
            java.lang.reflect.Field threadLocals = Thread.class.getDeclaredField("threadLocals");
            threadLocals.setAccessible(true);
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                Object map = threadLocals.get(thread);
                if (map == null) {
                    continue;
                }
                java.lang.reflect.Field table = map.getClass().getDeclaredField("table");
                table.setAccessible(true);
                for (Object entry : (Object[]) table.get(map)) {
                    if (entry == null) {
                        continue;
                    }
                    java.lang.reflect.Field value = entry.getClass().getDeclaredField("value");
                    value.setAccessible(true);
                    Object held = value.get(entry);
                    if (held != null && held.getClass().getClassLoader() == loader) {
                        pins.add(thread.getName() + " holds " + held.getClass().getName());
                    }
                }
            }
            Class<?> hooksClass = Class.forName("java.lang.ApplicationShutdownHooks");
            java.lang.reflect.Field hooks = hooksClass.getDeclaredField("hooks");
            hooks.setAccessible(true);
            for (Thread hook : ((java.util.Map<Thread, Thread>) hooks.get(null)).keySet()) {
                if (hook.getContextClassLoader() == loader || hook.getClass().getClassLoader() == loader) {
                    pins.add("shutdown hook " + hook.getName());
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            pins.add("(cannot inspect: " + e + ")");
        }
        return pins;
    }

    private static List<String> threadsOf(ClassLoader loader) {
        if (loader == null) {
            return List.of();
        }
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getContextClassLoader() == loader
                        || thread.getClass().getClassLoader() == loader)
                .flatMap(thread -> Stream.of(thread.getName()))
                .toList();
    }
}
