package dev.deephavencdi.server;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link EmbeddedDeephavenServerMain} in a child JVM launched with this test's class path: for faults a test
 * cannot cause in its own JVM (running out of a small heap, being killed). {@link #close()} kills it.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on dh\\+plain://[^:]+:(\\d+) \\(port");

    private final Process process;
    private final List<String> startOutput = new ArrayList<>();
    private final int port;

    private ServerProcess(List<String> jvmOptions, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(new File(System.getProperty("java.home"), "bin/java").getPath());
        command.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(EmbeddedDeephavenServerMain.class.getName());
        command.addAll(arguments);
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        int found = -1;
        while (found < 0) {
            String line = lines.readLine();
            if (line == null) {
                break;
            }
            startOutput.add(line);
            Matcher matcher = LISTENING.matcher(line);
            if (matcher.find()) {
                found = Integer.parseInt(matcher.group(1));
            }
        }
        if (found < 0) {
            process.destroyForcibly();
            throw new IllegalStateException("the server process ended before listening:\n" + output());
        }
        port = found;
        // keep draining its output so it never blocks on a full pipe
        Thread drain = new Thread(() -> {
            try {
                while (lines.readLine() != null) {
                    // discarded
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "server-process-output");
        drain.setDaemon(true);
        drain.start();
    }

    /**
     * Starts the server main on port 0 and returns once it listens.
     *
     * @param jvmOptions e.g. {@code -Xmx256m}
     * @param arguments the main's options, e.g. {@code --anonymous}
     */
    public static ServerProcess start(List<String> jvmOptions, String... arguments) {
        List<String> all = new ArrayList<>(List.of("--port", "0"));
        all.addAll(List.of(arguments));
        try {
            return new ServerProcess(jvmOptions, all);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** @return what the process printed up to and including its "listening" line */
    public String output() {
        return String.join("\n", startOutput);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }
}
