package dev.deephavencdi.examples.jakartaee;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Figures of an application server's JVM, read with the JDK's {@code jcmd} (threads, metaspace, a full GC). */
final class ServerJvm {
    /** threads an undeployed application must not leave: the engine's, the embedded server's, gRPC's, the client's */
    static final Pattern DEPLOYMENT_THREAD = Pattern.compile(
            "PeriodicUpdateGraph|OperationInitializationThreadPool|initializationExecutor|CleanupReferenceProcessor"
                    + "|deephaven-cdi|grpc-|Deephaven|deephaven");
    private static final Pattern THREAD_LINE = Pattern.compile("^\"([^\"]+)\"", Pattern.MULTILINE);
    private static final Pattern METASPACE_USED = Pattern.compile("Metaspace\\s+used (\\d+)K");

    private final long pid;

    ServerJvm(long pid) {
        this.pid = pid;
    }

    /** @return the names of the JVM's live threads */
    List<String> threads() {
        Matcher names = THREAD_LINE.matcher(jcmd("Thread.print"));
        return names.results().map(match -> match.group(1)).toList();
    }

    /** @return the names of live threads that look like an application's Deephaven threads */
    List<String> deploymentThreads() {
        return threads().stream().filter(name -> DEPLOYMENT_THREAD.matcher(name).find()).toList();
    }

    /** Runs a full collection, which unloads the classes of class loaders nothing reaches. */
    void collectGarbage() {
        jcmd("GC.run");
    }

    /** @return metaspace in use, in MiB */
    long metaspaceMib() {
        Matcher used = METASPACE_USED.matcher(jcmd("GC.heap_info"));
        if (!used.find()) {
            throw new IllegalStateException("no metaspace figure in jcmd GC.heap_info");
        }
        return Long.parseLong(used.group(1)) / 1024;
    }

    /** @return live instances of a class, summed over every class loader that loaded it (a full GC first) */
    long instances(String className) {
        long count = 0;
        for (String line : jcmd("GC.class_histogram").split("\n")) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length >= 4 && columns[3].equals(className)) {
                count += Long.parseLong(columns[1]);
            }
        }
        return count;
    }

    /**
     * Writes the live objects of the server's heap (a full GC first) to a file.
     *
     * @param file where to write it; must not exist
     */
    void heapDump(Path file) {
        jcmd("GC.heap_dump", file.toAbsolutePath().toString());
    }

    private String jcmd(String... command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            List<String> commandLine = new java.util.ArrayList<>(List.of(jcmd.toString(), Long.toString(pid)));
            commandLine.addAll(List.of(command));
            Process process = new ProcessBuilder(commandLine).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + jcmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
