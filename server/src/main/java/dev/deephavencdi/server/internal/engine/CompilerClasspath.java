package dev.deephavencdi.server.internal.engine;

import io.deephaven.engine.context.QueryCompilerImpl;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the engine's jars visible to one engine's formula compiler. Deephaven compiles formulas with javac against
 * {@code java.class.path} plus the compiler's own class locations; that is right for a flat class path but misses
 * every jar a custom class loader provides: Quarkus's fast-jar layout, application servers (WildFly's {@code vfs:}
 * URLs, Open Liberty's {@code wsjar:}, Payara's {@code jar:file:} into its exploded applications), exploded WARs.
 * Formulas then fail with "package io.deephaven... does not exist".
 *
 * <p>When the engine's own classes are not on {@code java.class.path}, this finds every class path root the
 * engine's class loader can see (the roots of its {@code META-INF/MANIFEST.MF} resources and its directory roots),
 * turns each URL form into a local file (jars nested in an archive are copied to a temporary directory, deleted with
 * the engine) and adds them to this compiler only, so nothing is added to the JVM-wide {@code java.class.path} and
 * two applications never see each other's jars. It logs what it added and what it could not read.
 */
final class CompilerClasspath implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CompilerClasspath.class);
    private static final String CLASS_PATH = "java.class.path";
    private static final String MANIFEST = "META-INF/MANIFEST.MF";
    private static final String ENGINE_CLASS = "io/deephaven/engine/table/Table.class";

    private final String summary;
    private final Path extracted; // null when nothing was copied

    private CompilerClasspath(String summary, Path extracted) {
        this.summary = summary;
        this.extracted = extracted;
    }

    /**
     * Adds what the formula compiler needs to see to {@code compiler}.
     *
     * @return what was added, for error messages; close it with the engine
     */
    static CompilerClasspath makeEngineVisible(QueryCompilerImpl compiler, ClassLoader engineLoader) {
        Set<String> jvmClassPath = new LinkedHashSet<>();
        Collections.addAll(jvmClassPath, System.getProperty(CLASS_PATH, "").split(File.pathSeparator));
        URL engineClass = engineLoader.getResource(ENGINE_CLASS);
        if (engineClass == null) {
            throw new IllegalStateException("the Deephaven engine (" + ENGINE_CLASS + ") is not visible to its own"
                    + " class loader " + engineLoader);
        }
        String engineRoot = rootOf(engineClass.toString(), ENGINE_CLASS);
        Roots roots = new Roots(jvmClassPath);
        // the engine's own jar is on java.class.path: a flat class path, javac sees everything already
        File engineJar = roots.resolve(engineRoot, engineClass);
        if (engineJar != null && jvmClassPath.contains(engineJar.getPath())) {
            roots.close();
            return new CompilerClasspath("the engine's jars are on java.class.path", null);
        }
        try {
            roots.add(engineRoot, engineClass);
            for (URL manifest : Collections.list(engineLoader.getResources(MANIFEST))) {
                roots.add(rootOf(manifest.toString(), MANIFEST), manifest);
            }
            for (URL directory : Collections.list(engineLoader.getResources(""))) {
                roots.add(directory.toString(), directory);
            }
        } catch (IOException e) {
            roots.close();
            throw new UncheckedIOException("cannot list the class path of the application class loader "
                    + engineLoader, e);
        }
        addTo(compiler, roots.files);
        String summary = roots.files.size() + " class path entries of " + engineLoader.getClass().getName()
                + " (URL forms " + roots.schemes + ")"
                + (roots.skipped.isEmpty() ? "" : "; not readable as files: " + roots.skipped);
        log.info("Deephaven formula compiler: added {} (to this engine only, not to java.class.path){}",
                summary, log.isDebugEnabled() ? ": " + roots.files : "");
        return new CompilerClasspath(summary, roots.extracted);
    }

    /** @return what was added, for an error message that explains a formula that cannot see a class */
    String summary() {
        return summary;
    }

    /** Deletes the copies of nested jars. */
    @Override
    public void close() {
        deleteTree(extracted);
    }

    /** The compiler's own class locations go on javac's {@code -cp}; Deephaven offers no public way to add any. */
    private static void addTo(QueryCompilerImpl compiler, Set<File> files) {
        try {
            Field field = QueryCompilerImpl.class.getDeclaredField("additionalClassLocations");
            field.setAccessible(true);
            @SuppressWarnings("unchecked")
            Set<File> locations = (Set<File>) field.get(compiler);
            synchronized (locations) {
                locations.addAll(files);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot hand the application's jars to the Deephaven formula compiler"
                    + " (QueryCompilerImpl.additionalClassLocations of Deephaven 0.40.7 is missing; is another"
                    + " Deephaven version on the class path?)", e);
        }
    }

    private static String rootOf(String url, String resource) {
        return url.endsWith(resource) ? url.substring(0, url.length() - resource.length()) : url;
    }

    /** Class path roots as local files, in class loader order. Package-private for tests. */
    static final class Roots {
        final Set<String> jvmClassPath;
        final Set<File> files = new LinkedHashSet<>();
        final Set<String> schemes = new LinkedHashSet<>();
        final List<String> skipped = new ArrayList<>();
        private final Set<String> seen = new java.util.HashSet<>();
        Path extracted;

        Roots(Set<String> jvmClassPath) {
            this.jvmClassPath = jvmClassPath;
        }

        void add(String root, URL context) {
            if (!seen.add(root)) {
                return;
            }
            File file = resolve(root, context);
            if (file == null) {
                if (skipped.size() < 20) {
                    skipped.add(root);
                }
                return;
            }
            schemes.add(context.getProtocol());
            if (!jvmClassPath.contains(file.getPath())) {
                files.add(file);
            }
        }

        /** @return the local files found so far */
        Set<File> files() {
            return files;
        }

        /** @return the local jar or directory a class path root URL stands for, or null */
        File resolve(String root, URL context) {
            try {
                int separator = root.indexOf("!/");
                if (separator >= 0) {
                    return archive(root, separator, context);
                }
                if (root.startsWith("file:")) {
                    File file = Path.of(new URI(root)).toFile();
                    return file.exists() ? file : null;
                }
                if (root.startsWith("vfs:")) {
                    return jbossVfs(new URL(context, root));
                }
                return null;
            } catch (IOException | URISyntaxException | ReflectiveOperationException | RuntimeException e) {
                log.debug("cannot resolve class path root {}", root, e);
                return null;
            }
        }

        /** {@code jar:}, {@code wsjar:}, {@code zip:}: the archive before the first {@code !/}, or a nested jar. */
        private File archive(String root, int separator, URL context) throws IOException, URISyntaxException {
            String outer = root.substring(root.indexOf(':') + 1, separator);
            String inner = root.substring(separator + 2);
            if (inner.endsWith("!/")) {
                inner = inner.substring(0, inner.length() - 2);
            }
            if (!outer.startsWith("file:")) {
                return null;
            }
            if (inner.isEmpty()) {
                File file = Path.of(new URI(outer)).toFile();
                return file.isFile() ? file : null;
            }
            // a jar inside an archive (a WAR's WEB-INF/lib read in place): javac needs it as a file of its own
            String innerUrl = root.substring(0, separator + 2) + inner;
            Path copy = extractedDirectory().resolve(files.size() + "-" + Path.of(inner).getFileName());
            try (InputStream in = new URL(context, innerUrl).openStream()) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            return copy.toFile();
        }

        /**
         * WildFly: the URL's content is an {@code org.jboss.vfs.VirtualFile}. A jar in {@code WEB-INF/lib} is a zip
         * mount over a real file in the expanded deployment, so its parent's physical directory holds it; the
         * physical file of a zip mount's root is an empty extraction directory, never the jar. A directory root
         * (an exploded {@code WEB-INF/classes}) is used when its physical directory holds all its entries; anything
         * else is copied out of the VFS into a jar of its own.
         */
        private File jbossVfs(URL url) throws IOException, ReflectiveOperationException {
            Object file = url.openConnection().getContent();
            if (file == null || !file.getClass().getName().equals("org.jboss.vfs.VirtualFile")) {
                return null;
            }
            Class<?> type = file.getClass();
            String name = (String) type.getMethod("getName").invoke(file);
            Object parent = type.getMethod("getParent").invoke(file);
            if (parent != null) {
                File parentDirectory = (File) type.getMethod("getPhysicalFile").invoke(parent);
                File archive = new File(parentDirectory, name);
                if (archive.isFile()) {
                    return archive;
                }
            }
            File physical = (File) type.getMethod("getPhysicalFile").invoke(file);
            if (physical.isDirectory() && holdsAll(physical, (List<?>) type.getMethod("getChildren").invoke(file),
                    type)) {
                return physical;
            }
            Path copy = extractedDirectory().resolve(files.size() + "-" + (name.endsWith(".jar") ? name : name
                    + ".jar"));
            copyAsJar(file, type, copy);
            return copy.toFile();
        }

        /** Writes every file under a VFS directory into a jar, by its path relative to that directory. */
        private static void copyAsJar(Object root, Class<?> type, Path jar)
                throws IOException, ReflectiveOperationException {
            try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(jar))) {
                for (Object entry : (List<?>) type.getMethod("getChildrenRecursively").invoke(root)) {
                    if ((Boolean) type.getMethod("isDirectory").invoke(entry)) {
                        continue;
                    }
                    String path = (String) type.getMethod("getPathNameRelativeTo", type).invoke(entry, root);
                    out.putNextEntry(new java.util.zip.ZipEntry(path));
                    try (InputStream in = (InputStream) type.getMethod("openStream").invoke(entry)) {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }

        private static boolean holdsAll(File directory, List<?> children, Class<?> type)
                throws ReflectiveOperationException {
            if (children.isEmpty()) {
                return false;
            }
            for (Object child : children) {
                if (!new File(directory, (String) type.getMethod("getName").invoke(child)).exists()) {
                    return false;
                }
            }
            return true;
        }

        private Path extractedDirectory() throws IOException {
            if (extracted == null) {
                extracted = Files.createTempDirectory("deephaven-cdi-classpath");
            }
            return extracted;
        }

        void close() {
            deleteTree(extracted);
        }
    }

    private static void deleteTree(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            log.debug("cannot delete {}", directory, e);
        }
    }
}
