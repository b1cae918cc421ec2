package dev.deephavencdi.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.deephavencdi.deploy.ManifestScanner.YamlFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deployment files under src-deploy set only configuration keys the library knows and the README documents, and
 * run the Deephaven server version the build is tested against.
 */
class DeploymentManifestsTest {
    private static final Path DEPLOY = Path.of(System.getProperty("deploy.dir", "."));
    private static final Path README = Path.of(System.getProperty("readme.file", "../README.md"));
    private static final String DEEPHAVEN_VERSION = System.getProperty("deephaven.version");
    private static final String SERVER_IMAGE = "ghcr.io/deephaven/server";

    private static ManifestScanner scanner;

    @BeforeAll
    static void scan() throws Exception {
        scanner = ManifestScanner.scan(DEPLOY);
    }

    @Test
    void everyYamlFileParsesAndTheComposeAndKubernetesFilesAreAmongThem() {
        assertThat(scanner.yamlFiles()).extracting(YamlFile::name)
                .contains("compose/compose.yaml", "k8s/app.yaml", "k8s/deephaven-server.yaml");
        for (YamlFile file : scanner.yamlFiles()) {
            assertThat(file.documents()).as(file.name()).isNotEmpty().doesNotContainNull();
        }
    }

    @Test
    void theKeyListHereIsTheLibrarysOwn() throws Exception {
        assertThat(ConfigKeyCatalog.fromLibrary())
                .as("dev.deephavencdi.cdi.impl.ConfigKeys changed: update ConfigKeyCatalog.KNOWN, the README's"
                        + " configuration table and src-deploy's manifests")
                .containsExactlyInAnyOrderElementsOf(ConfigKeyCatalog.KNOWN);
    }

    @Test
    void theManifestsSetTheSettingsTheyAreMeantTo() {
        assertThat(keysSetIn("compose/compose.yaml")).contains("deephaven.cdi.session.host",
                "deephaven.cdi.session.port", "deephaven.cdi.session.auth");
        assertThat(keysSetIn("k8s/app.yaml")).contains("deephaven.cdi.session.host", "deephaven.cdi.session.port",
                "deephaven.cdi.session.auth");
    }

    @Test
    void everyDeephavenCdiSettingIsAKeyTheLibraryKnows() {
        List<String> unknown = scanner.settings().stream()
                .filter(setting -> !ConfigKeyCatalog.KNOWN.contains(setting.key()))
                .map(setting -> setting + " is not a deephaven.cdi configuration key")
                .toList();
        if (!unknown.isEmpty()) {
            fail(String.join("\n", unknown) + "\nknown keys: " + new TreeSet<>(ConfigKeyCatalog.KNOWN)
                    + "\n(environment variables are the keys with non-alphanumerics as _, in upper case)");
        }
    }

    @Test
    void everyDeephavenCdiSettingIsInTheReadmeConfigurationTable() throws Exception {
        assumeTrue(Files.exists(README), "no README at " + README.toAbsolutePath().normalize());
        Set<String> documented = ConfigKeyCatalog.fromReadmeTable(Files.readAllLines(README));
        assertThat(documented)
                .as(README + " has no configuration table: rows whose first cell is a backquoted key, e.g."
                        + " | `deephaven.cdi.session.host` | ... |")
                .isNotEmpty();
        List<String> undocumented = scanner.settings().stream()
                .filter(setting -> !documented.contains(setting.key()))
                .map(setting -> setting + " is missing from the configuration table of " + README)
                .toList();
        if (!undocumented.isEmpty()) {
            fail(String.join("\n", undocumented) + "\nthe table documents: " + documented);
        }
    }

    @Test
    void theReadmeConfigurationTableListsOnlyKeysTheLibraryKnows() throws Exception {
        assumeTrue(Files.exists(README), "no README at " + README.toAbsolutePath().normalize());
        Set<String> unknown = new TreeSet<>(ConfigKeyCatalog.fromReadmeTable(Files.readAllLines(README)));
        unknown.removeAll(ConfigKeyCatalog.KNOWN);
        assertThat(unknown).as("keys in the configuration table of %s that the library does not read (it reads %s)",
                README, new TreeSet<>(ConfigKeyCatalog.KNOWN)).isEmpty();
    }

    @Test
    void theDeephavenServerImageIsTheVersionTheBuildIsTestedAgainst() {
        assertThat(DEEPHAVEN_VERSION).as("the build passes deephaven.version").isNotBlank();
        List<String> composeImages = images("compose/compose.yaml");
        assertThat(composeImages).as("compose/compose.yaml runs a Deephaven server image")
                .anyMatch(image -> image.startsWith(SERVER_IMAGE));
        for (YamlFile file : scanner.yamlFiles()) {
            for (String image : images(file.name())) {
                if (image.startsWith(SERVER_IMAGE)) {
                    assertThat(image.substring(image.lastIndexOf(':') + 1))
                            .as("%s: image %s must match <deephaven.version> in the parent pom", file.name(), image)
                            .isEqualTo(DEEPHAVEN_VERSION);
                }
            }
        }
    }

    @Test
    void kubernetesServicesSelectDeploymentsAndMountedConfigMapsExist() {
        List<Map<?, ?>> resources = kubernetesResources();
        List<Map<?, ?>> deployments = ofKind(resources, "Deployment");
        Set<String> configMaps = ofKind(resources, "ConfigMap").stream()
                .map(map -> (String) at(map, "metadata", "name")).collect(Collectors.toSet());
        for (Map<?, ?> service : ofKind(resources, "Service")) {
            Map<?, ?> selector = (Map<?, ?>) at(service, "spec", "selector");
            assertThat(deployments).as("a Deployment whose pods Service %s selects", at(service, "metadata", "name"))
                    .anyMatch(deployment -> ((Map<?, ?>) at(deployment, "spec", "template", "metadata", "labels"))
                            .entrySet().containsAll(selector.entrySet()));
        }
        for (Map<?, ?> deployment : deployments) {
            List<?> volumes = (List<?>) at(deployment, "spec", "template", "spec", "volumes");
            for (Object volume : volumes == null ? List.of() : volumes) {
                Object configMap = at((Map<?, ?>) volume, "configMap", "name");
                if (configMap != null) {
                    assertThat(configMaps).as("ConfigMaps defined for %s", at(deployment, "metadata", "name"))
                            .contains((String) configMap);
                }
            }
        }
    }

    /**
     * Kubernetes gives every pod Docker-link variables for the namespace's Services ({@code <NAME>_PORT=tcp://...});
     * SmallRye Config lists them as lower-case dotted names too, so a Service named {@code deephaven-cdi-x} would
     * put {@code deephaven.cdi.x.port} into an app's configuration, which deephaven-cdi rejects at startup.
     */
    @Test
    void noKubernetesServiceNameBecomesADeephavenCdiVariable() {
        for (Map<?, ?> service : ofKind(kubernetesResources(), "Service")) {
            String name = (String) at(service, "metadata", "name");
            assertThat(ConfigKeyCatalog.envName(name) + "_")
                    .as("Service %s: its link variables would read as deephaven.cdi.* keys", name)
                    .doesNotStartWith(ConfigKeyCatalog.ENV_PREFIX);
        }
    }

    private static Set<String> keysSetIn(String file) {
        return scanner.settings().stream().filter(setting -> setting.file().equals(file)).map(ConfigSetting::key)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<String> images(String file) {
        List<String> images = new ArrayList<>();
        scanner.yamlFiles().stream().filter(yaml -> yaml.name().equals(file))
                .forEach(yaml -> yaml.documents().forEach(document -> collectImages(document, images)));
        return images;
    }

    private static void collectImages(Object node, List<String> images) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if ("image".equals(key) && value instanceof String image) {
                    images.add(image);
                } else {
                    collectImages(value, images);
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collectImages(item, images));
        }
    }

    private static List<Map<?, ?>> kubernetesResources() {
        return scanner.yamlFiles().stream().filter(file -> file.name().startsWith("k8s/"))
                .flatMap(file -> file.documents().stream())
                .filter(document -> document instanceof Map<?, ?> map && map.containsKey("kind"))
                .<Map<?, ?>>map(document -> (Map<?, ?>) document)
                .toList();
    }

    private static List<Map<?, ?>> ofKind(List<Map<?, ?>> resources, String kind) {
        return resources.stream().filter(resource -> kind.equals(resource.get("kind"))).toList();
    }

    private static Object at(Map<?, ?> map, String... path) {
        Object node = map;
        for (String step : path) {
            if (!(node instanceof Map<?, ?> current)) {
                return null;
            }
            node = current.get(step);
        }
        return node;
    }
}
