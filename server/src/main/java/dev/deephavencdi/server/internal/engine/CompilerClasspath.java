package dev.deephavencdi.server.internal.engine;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the engine's jars visible to the formula compiler. Deephaven compiles formulas with javac against
 * {@code java.class.path}, which is right for a flat classpath but misses every jar that a custom class loader
 * provides: Quarkus's fast-jar layout ({@code java -jar quarkus-run.jar}, dependencies in {@code lib/main}),
 * application servers, Spring Boot jars. Formulas then fail with "package io.deephaven... does not exist".
 *
 * <p>When the engine's own jar is missing from {@code java.class.path}, this appends every jar the engine's class
 * loader can see (found through their manifests) to that property, once per JVM.
 */
final class CompilerClasspath {
    private static final Logger log = LoggerFactory.getLogger(CompilerClasspath.class);
    private static final String CLASS_PATH = "java.class.path";

    private CompilerClasspath() {}

    static synchronized void makeEngineVisible(ClassLoader engineLoader) {
        Set<String> current = new LinkedHashSet<>();
        Collections.addAll(current, System.getProperty(CLASS_PATH, "").split(File.pathSeparator));
        String engineJar = jarOf(engineLoader.getResource("io/deephaven/engine/table/Table.class"));
        if (engineJar == null || current.contains(engineJar)) {
            return;
        }
        Set<String> visible = visibleJars(engineLoader);
        visible.removeAll(current);
        if (visible.isEmpty()) {
            return;
        }
        current.addAll(visible);
        current.remove("");
        System.setProperty(CLASS_PATH, String.join(File.pathSeparator, current));
        log.info("Added {} jars that the application's class loader provides to java.class.path, so the Deephaven"
                + " formula compiler can see them", visible.size());
    }

    private static Set<String> visibleJars(ClassLoader loader) {
        Set<String> jars = new LinkedHashSet<>();
        try {
            for (URL manifest : Collections.list(loader.getResources("META-INF/MANIFEST.MF"))) {
                String jar = jarOf(manifest);
                if (jar != null) {
                    jars.add(jar);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the jars of the application class loader", e);
        }
        return jars;
    }

    /** @return the local path of the jar a resource URL points into, or null if it is not in a local jar */
    private static String jarOf(URL resource) {
        if (resource == null || !"jar".equals(resource.getProtocol())) {
            return null;
        }
        try {
            URL jar = ((JarURLConnection) resource.openConnection()).getJarFileURL();
            return "file".equals(jar.getProtocol()) ? Path.of(jar.toURI()).toString() : null;
        } catch (IOException | URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
