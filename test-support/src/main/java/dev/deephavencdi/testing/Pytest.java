package dev.deephavencdi.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a pytest selection of {@code python/tests} with one {@link PythonEnvironment}, echoing pytest's output
 * into the test log as it comes, and answers its exit code. The Python side reads where the server is from the
 * environment variables passed in (see {@code python/tests/conftest.py}).
 */
public final class Pytest {
    private Pytest() {
    }

    /**
     * @param environment the interpreter's environment
     * @param junitXml where pytest writes its JUnit XML report
     * @param variables environment variables for the tests (server address, credentials, ...)
     * @param arguments pytest arguments after the test folder (e.g. {@code -k}, file names)
     * @return pytest's exit code (0: every selected test passed; 5: none was selected)
     */
    public static int run(PythonEnvironment environment, Path junitXml, Map<String, String> variables,
            String... arguments) {
        List<String> command = new ArrayList<>(List.of(environment.python().toString(), "-m", "pytest",
                "-p", "no:cacheprovider", "-rA", "--color=no", "--junitxml=" + junitXml,
                "-o", "junit_suite_name=pydeephaven-" + environment.name()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(PythonEnvironment.pythonTests().toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(variables);
        builder.environment().put("PYTHONUNBUFFERED", "1");
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        try {
            Process process = builder.start();
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    System.out.println("[pytest " + environment.name() + "] " + line);
                }
            }
            if (!process.waitFor(15, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("pytest did not finish in 15 minutes");
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run pytest: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pytest ran", e);
        }
    }
}
