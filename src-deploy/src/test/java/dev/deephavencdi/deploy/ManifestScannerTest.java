package dev.deephavencdi.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestScannerTest {
    @TempDir
    Path root;

    @Test
    void findsEnvironmentVariablesInComposeMapsAndListsWithTheirYamlPath() throws Exception {
        write("compose/compose.yaml", """
                services:
                  app:
                    environment:
                      DEEPHAVEN_CDI_SESSION_HOST: deephaven
                  other:
                    environment:
                      - DEEPHAVEN_CDI_SESSION_HOTS=deephaven
                """);

        assertThat(ManifestScanner.scan(root).settings()).containsExactly(
                new ConfigSetting("compose/compose.yaml", "services.app.environment.DEEPHAVEN_CDI_SESSION_HOST",
                        "DEEPHAVEN_CDI_SESSION_HOST", "deephaven.cdi.session.host"),
                new ConfigSetting("compose/compose.yaml", "services.other.environment[0]",
                        "DEEPHAVEN_CDI_SESSION_HOTS", "DEEPHAVEN_CDI_SESSION_HOTS"));
    }

    @Test
    void findsPropertiesFilesInConfigMapsKubernetesEnvNamesAndSystemPropertiesInEveryDocument() throws Exception {
        write("k8s/app.yaml", """
                kind: ConfigMap
                data:
                  application.properties: |
                    # a comment
                    deephaven.cdi.session.analytics.host=deephaven
                    quarkus.http.port=8080
                ---
                kind: Deployment
                spec:
                  containers:
                    - env:
                        - name: DEEPHAVEN_CDI_EMBEDDED_ENABLED
                          value: "false"
                        - name: JAVA_OPTS
                          value: "-Xmx1g -Ddeephaven.cdi.rest.max-preview-rows=10"
                """);

        assertThat(ManifestScanner.scan(root).settings()).extracting(ConfigSetting::location, ConfigSetting::key)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "document 1 data.application.properties property deephaven.cdi.session.analytics.host",
                                "deephaven.cdi.session.<name>.host"),
                        org.assertj.core.groups.Tuple.tuple("document 2 spec.containers[0].env[0].name",
                                "deephaven.cdi.embedded.enabled"),
                        org.assertj.core.groups.Tuple.tuple("document 2 spec.containers[0].env[1].value",
                                "deephaven.cdi.rest.max-preview-rows"));
    }

    @Test
    void readsDockerfilesLineByLineAndSkipsTheBuildsOwnDirectories() throws Exception {
        write("docker/Dockerfile", """
                FROM eclipse-temurin:17-jdk
                ENV DEEPHAVEN_CDI_EMBEDDED_PORT=10000
                ENTRYPOINT ["java", "-Ddeephaven.cdi.embeded.port=1", "-jar", "app.jar"]
                """);
        write("target/ignored.yaml", "DEEPHAVEN_CDI_NOPE: 1\n");
        write("src/test/resources/ignored.yaml", "DEEPHAVEN_CDI_NOPE: 1\n");

        assertThat(ManifestScanner.scan(root).settings()).extracting(ConfigSetting::toString).containsExactly(
                "docker/Dockerfile at line 2: DEEPHAVEN_CDI_EMBEDDED_PORT (deephaven.cdi.embedded.port)",
                "docker/Dockerfile at line 3: deephaven.cdi.embeded.port");
    }

    @Test
    void aFileThatIsNotYamlFailsNamingTheFile() throws Exception {
        write("k8s/broken.yaml", "kind: [unclosed\n");

        assertThatThrownBy(() -> ManifestScanner.scan(root)).hasMessageStartingWith("k8s/broken.yaml is not valid YAML");
    }

    private void write(String name, String text) throws Exception {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
