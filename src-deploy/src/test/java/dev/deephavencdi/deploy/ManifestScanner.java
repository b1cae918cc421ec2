package dev.deephavencdi.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads the deployment files under src-deploy and finds every {@code deephaven.cdi.*} setting they make: in YAML (all
 * documents of every {@code .yaml}/{@code .yml} file) as environment variables (map keys, Kubernetes {@code name:}
 * entries, {@code NAME=value} strings), {@code -D} options, and properties files embedded as values of keys ending in
 * {@code .properties}; in Dockerfiles as environment variables and {@code -D} options; in {@code .properties} files.
 */
final class ManifestScanner {
    private static final Pattern ENV_VARIABLE = Pattern.compile("(?<![A-Za-z0-9_])(DEEPHAVEN_CDI_[A-Z0-9_]*[A-Z0-9])");
    private static final Pattern SYSTEM_PROPERTY = Pattern.compile("-D(deephaven\\.cdi\\.[^=\\s'\"]+)");

    /** A parsed YAML file: its path relative to src-deploy and its documents, in order. */
    record YamlFile(String name, List<Object> documents) {}

    private final Path root;
    private final List<YamlFile> yamlFiles = new ArrayList<>();
    private final List<ConfigSetting> settings = new ArrayList<>();

    private ManifestScanner(Path root) {
        this.root = root;
    }

    /** Scans every deployment file under root, skipping the build's own directories (src, target). */
    static ManifestScanner scan(Path root) throws IOException {
        ManifestScanner scanner = new ManifestScanner(root);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(file -> !root.relativize(file).startsWith("src") && !root.relativize(file).startsWith("target"))
                    .sorted()
                    .toList();
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                scanner.readYaml(file);
            } else if (name.startsWith("Dockerfile") && !name.endsWith(".dockerignore")) {
                scanner.readText(file);
            } else if (name.endsWith(".properties")) {
                scanner.readProperties(scanner.relative(file), "", Files.readString(file));
            }
        }
        return scanner;
    }

    List<YamlFile> yamlFiles() {
        return yamlFiles;
    }

    List<ConfigSetting> settings() {
        return settings;
    }

    private void readYaml(Path file) throws IOException {
        String name = relative(file);
        List<Object> documents = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
                documents.add(document);
            }
        } catch (RuntimeException e) {
            throw new AssertionError(name + " is not valid YAML: " + e.getMessage(), e);
        }
        yamlFiles.add(new YamlFile(name, documents));
        for (int i = 0; i < documents.size(); i++) {
            String where = documents.size() > 1 ? "document " + (i + 1) + " " : "";
            walk(name, where, documents.get(i));
        }
    }

    private void walk(String file, String path, Object node) {
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                String child = path + (path.isEmpty() || path.endsWith(" ") ? "" : ".") + key;
                if (key.startsWith(ConfigKeyCatalog.ENV_PREFIX)) {
                    addEnv(file, child, key);
                } else if (key.startsWith(ConfigKeyCatalog.PREFIX)) {
                    addProperty(file, child, key);
                } else if ("name".equals(key) && entry.getValue() instanceof String value
                        && value.startsWith(ConfigKeyCatalog.ENV_PREFIX)) {
                    addEnv(file, child, value);
                    continue;
                }
                if (key.endsWith(".properties") && entry.getValue() instanceof String text) {
                    readProperties(file, child, text);
                } else {
                    walk(file, child, entry.getValue());
                }
            }
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(file, path + "[" + i + "]", list.get(i));
            }
        } else if (node instanceof String text) {
            scanString(file, path, text);
        }
    }

    /** In a string value: {@code -Ddeephaven.cdi.x=...} options and {@code DEEPHAVEN_CDI_X=...} assignments. */
    private void scanString(String file, String path, String text) {
        Matcher option = SYSTEM_PROPERTY.matcher(text);
        while (option.find()) {
            addProperty(file, path, option.group(1));
        }
        Matcher variable = Pattern.compile(ENV_VARIABLE.pattern() + "=").matcher(text);
        while (variable.find()) {
            addEnv(file, path, variable.group(1));
        }
    }

    private void readProperties(String file, String path, String text) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith(ConfigKeyCatalog.PREFIX)) {
                addProperty(file, (path.isEmpty() ? "" : path + " ") + "property " + key, key);
            }
        }
    }

    /** Every mention in a Dockerfile counts, comments included: they document settings too. */
    private void readText(Path file) throws IOException {
        String name = relative(file);
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher option = SYSTEM_PROPERTY.matcher(line);
            while (option.find()) {
                addProperty(name, "line " + (i + 1), option.group(1));
            }
            Matcher variable = ENV_VARIABLE.matcher(line);
            while (variable.find()) {
                addEnv(name, "line " + (i + 1), variable.group(1));
            }
        }
    }

    private void addEnv(String file, String location, String variable) {
        settings.add(new ConfigSetting(file, location, variable,
                ConfigKeyCatalog.templateOfEnv(variable).orElse(variable)));
    }

    private void addProperty(String file, String location, String key) {
        settings.add(new ConfigSetting(file, location, key, ConfigKeyCatalog.template(key)));
    }

    private String relative(Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }
}
