package dev.deephavencdi.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A pinned Python virtual environment the tests run pydeephaven and the real Deephaven server from. Each lock
 * under {@code python/requirements/} becomes one environment, made by {@code python/ensure-venv} on first use
 * (cached per machine by content, so an unchanged lock installs once) and linked at
 * {@code target/python/<lock name>} of the project root. A machine without Python 3.9+, venv or pip fails the
 * test with the script's message saying what to install: these tests are never skipped silently.
 */
public final class PythonEnvironment {
    /** pydeephaven 0.40.7, pydeephaven-ticking 0.40.7 and the real Deephaven server 0.40.7 (deephaven-server). */
    public static final String DEEPHAVEN_0_40_7 = "deephaven-0.40.7";
    /** The newest pydeephaven line users will have, 42.x, with pydeephaven-ticking. */
    public static final String PYDEEPHAVEN_42 = "pydeephaven-42.7";

    private static final Map<String, PythonEnvironment> READY = new ConcurrentHashMap<>();

    private final String name;
    private final Path home;

    private PythonEnvironment(String name, Path home) {
        this.name = name;
        this.home = home;
    }

    /**
     * @param lock a lock name, {@link #DEEPHAVEN_0_40_7} or {@link #PYDEEPHAVEN_42}
     * @return the environment, made first if this machine does not have it yet
     */
    public static PythonEnvironment of(String lock) {
        return READY.computeIfAbsent(lock, PythonEnvironment::ensure);
    }

    /** @return the lock name, e.g. {@code deephaven-0.40.7} */
    public String name() {
        return name;
    }

    /** @return the environment's interpreter */
    public Path python() {
        return home.resolve("bin").resolve("python");
    }

    /** @return the project's root folder (where {@code python/} and the root pom are) */
    public static Path projectRoot() {
        String configured = System.getProperty("deephavencdi.projectRoot");
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("python").resolve("ensure-venv"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the project root (the folder with python/ensure-venv) above "
                + Paths.get("").toAbsolutePath() + "; set -Ddeephavencdi.projectRoot");
    }

    /** @return {@code python/tests} of the project: the pydeephaven suite */
    public static Path pythonTests() {
        return projectRoot().resolve("python").resolve("tests");
    }

    private static PythonEnvironment ensure(String lock) {
        Path root = projectRoot();
        Path requirements = root.resolve("python").resolve("requirements").resolve(lock + ".txt");
        if (!Files.isRegularFile(requirements)) {
            throw new IllegalArgumentException("no lock " + requirements);
        }
        Path link = root.resolve("target").resolve("python").resolve(lock);
        List<String> command = new ArrayList<>(List.of(
                root.resolve("python").resolve("ensure-venv").toString(), requirements.toString(), link.toString()));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(20, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("the Python environment " + lock + " could not be made:\n" + output);
            }
            System.out.print(output);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making the Python environment " + lock, e);
        }
        return new PythonEnvironment(lock, link);
    }
}
