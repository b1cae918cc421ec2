package dev.deephavencdi.server.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.deephaven.engine.context.QueryCompilerImpl;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.jboss.vfs.TempFileProvider;
import org.jboss.vfs.VFS;
import org.jboss.vfs.VirtualFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class path roots an application server's class loader hands out, as the formula compiler needs them: local
 * jars and directories. WildFly's {@code vfs:} URLs are produced by the real JBoss VFS (a WAR mounted expanded, its
 * {@code WEB-INF/lib} jars mounted as zips, as WildFly deploys); {@code jar:file:} (Payara, Tomcat, Quarkus) and
 * {@code file:} directories (exploded WARs) by the JDK.
 */
class CompilerClasspathTest {
    private final ScheduledExecutorService vfsExecutor = Executors.newSingleThreadScheduledExecutor();
    private final List<Closeable> mounts = new ArrayList<>();

    @TempDir
    Path temp;

    @AfterEach
    void unmount() throws IOException {
        for (Closeable mount : mounts) {
            mount.close();
        }
        vfsExecutor.shutdownNow();
    }

    @Test
    void wildflyJarsInWebInfLibResolveToTheJarsOfTheExpandedDeployment() throws Exception {
        TempFileProvider provider = TempFileProvider.create("compiler-classpath-test", vfsExecutor);
        VirtualFile deployment = VFS.getChild("/content/app.war");
        mounts.add(VFS.mountZipExpanded(war().toFile(), deployment, provider));
        VirtualFile library = deployment.getChild("WEB-INF/lib/library.jar");
        mounts.add(VFS.mountZip(library, library, provider));
        URL manifest = library.getChild("META-INF/MANIFEST.MF").toURL();
        assertThat(manifest.toString()).startsWith("vfs:").endsWith("/WEB-INF/lib/library.jar/META-INF/MANIFEST.MF");

        File resolved = roots().resolve(root(manifest), manifest);

        assertThat(resolved).isFile().hasName("library.jar");
        assertThat(entries(resolved)).contains("META-INF/MANIFEST.MF", "lib/Marker.txt");
    }

    @Test
    void wildflyClassesDirectoryResolvesToItsPhysicalDirectory() throws Exception {
        TempFileProvider provider = TempFileProvider.create("compiler-classpath-test", vfsExecutor);
        VirtualFile deployment = VFS.getChild("/content/classes.war");
        mounts.add(VFS.mountZipExpanded(war().toFile(), deployment, provider));
        URL classes = deployment.getChild("WEB-INF/classes").toURL();

        File resolved = roots().resolve(classes.toString(), classes);

        assertThat(resolved).isDirectory();
        assertThat(new File(resolved, "app/App.txt")).isFile();
    }

    @Test
    void aZipMountWithoutAPhysicalJarIsCopiedOutAsAJarAndDeletedOnClose() throws Exception {
        TempFileProvider provider = TempFileProvider.create("compiler-classpath-test", vfsExecutor);
        VirtualFile lonely = VFS.getChild("/content/lonely.jar");
        mounts.add(VFS.mountZip(library(temp.resolve("lonely-source.jar")).toFile(), lonely, provider));
        URL manifest = lonely.getChild("META-INF/MANIFEST.MF").toURL();
        CompilerClasspath.Roots roots = roots();

        File resolved = roots.resolve(root(manifest), manifest);

        assertThat(resolved).isFile();
        assertThat(resolved.toPath().startsWith(temp)).isFalse();
        assertThat(entries(resolved)).contains("lib/Marker.txt");
        roots.close();
        assertThat(resolved).doesNotExist();
    }

    @Test
    void jarFileUrlsAndDirectoriesResolveToThemselvesAndUnknownFormsAreSkipped() throws Exception {
        Path jar = library(temp.resolve("plain.jar"));
        URL inJar = new URL("jar:" + jar.toUri() + "!/META-INF/MANIFEST.MF");
        URL directory = temp.toUri().toURL();
        CompilerClasspath.Roots roots = roots();

        assertThat(roots.resolve(root(inJar), inJar)).isEqualTo(jar.toFile());
        assertThat(roots.resolve(directory.toString(), directory)).isEqualTo(temp.toFile());
        URL unknown = new URL("http://example.invalid/app.jar");
        roots.add(unknown.toString(), unknown);
        assertThat(roots.skipped).containsExactly(unknown.toString());
        assertThat(roots.files()).isEmpty();
    }

    @Test
    void aChildClassLoadersJarsGoToThatCompilerOnlyAndJavaClassPathStaysAsItWas() throws Exception {
        try (URLClassLoader application = new URLClassLoader("application", jarsOfThisTest(),
                ClassLoader.getPlatformClassLoader())) {
            QueryCompilerImpl compiler = QueryCompilerImpl.create(temp.toFile(), application);
            String jvmClassPath = System.getProperty("java.class.path");
            File engineJar = new File(new URL(application.getResource("io/deephaven/engine/table/Table.class")
                    .getPath().replaceFirst("!/.*", "")).toURI());

            try (CompilerClasspath added = CompilerClasspath.makeEngineVisible(compiler, application)) {
                assertThat(System.getProperty("java.class.path")).isEqualTo(jvmClassPath);
                if (List.of(jvmClassPath.split(File.pathSeparator)).contains(engineJar.getPath())) {
                    assertThat(added.summary()).contains("on java.class.path");
                } else {
                    assertThat(classLocationsOf(compiler)).contains(engineJar);
                    assertThat(added.summary()).contains("class path entries of " + URLClassLoader.class.getName())
                            .contains("jar");
                }
            }
        }
    }

    @Test
    void javacNotSeeingTheEngineBecomesAnExplanationAndOtherFailuresPassUnchanged() {
        RuntimeException javac = new RuntimeException("Error Compiling Formula: /tmp/Formula.java:3: error: package"
                + " io.deephaven.engine.table does not exist");
        RuntimeException wrapped = new RuntimeException("Formula compilation error for: Y = i",
                new IllegalStateException("compile failed", javac));
        RuntimeException badFormula = new RuntimeException("cannot find symbol: method nosuchfunction(int)");

        RuntimeException explained = FormulaClasspathException.explain(wrapped, "3 class path entries of X");

        assertThat(explained).isInstanceOf(FormulaClasspathException.class).hasCause(wrapped)
                .hasMessageContaining("cannot see io.deephaven.engine.table")
                .hasMessageContaining("3 class path entries of X")
                .hasMessageContaining("WEB-INF/lib");
        assertThat(FormulaClasspathException.explain(badFormula, "x")).isSameAs(badFormula);
    }

    private static CompilerClasspath.Roots roots() {
        return new CompilerClasspath.Roots(Set.of());
    }

    private static String root(URL manifest) {
        String url = manifest.toString();
        return url.substring(0, url.length() - "META-INF/MANIFEST.MF".length());
    }

    @SuppressWarnings("unchecked")
    private static Set<File> classLocationsOf(QueryCompilerImpl compiler) throws ReflectiveOperationException {
        Field field = QueryCompilerImpl.class.getDeclaredField("additionalClassLocations");
        field.setAccessible(true);
        return (Set<File>) field.get(compiler);
    }

    private static List<String> entries(File jar) throws IOException {
        try (ZipFile zip = new JarFile(jar)) {
            return zip.stream().map(ZipEntry::getName).toList();
        }
    }

    private static URL[] jarsOfThisTest() throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<URL> urls = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isBlank() && !entry.endsWith("test-classes")) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        return urls.toArray(URL[]::new);
    }

    private Path war() throws IOException {
        Path library = library(temp.resolve("library-" + System.nanoTime() + ".jar"));
        Path war = temp.resolve("app-" + System.nanoTime() + ".war");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(war))) {
            zip.putNextEntry(new ZipEntry("WEB-INF/lib/library.jar"));
            zip.write(Files.readAllBytes(library));
            zip.putNextEntry(new ZipEntry("WEB-INF/classes/app/App.txt"));
            zip.write("app".getBytes(StandardCharsets.UTF_8));
        }
        return war;
    }

    private static Path library(Path jar) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            zip.write("Manifest-Version: 1.0\n".getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("lib/Marker.txt"));
            zip.write("marker".getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }
}
