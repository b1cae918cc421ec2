package dev.deephavencdi.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import dev.deephavencdi.server.testing.StartedServer;
import dev.deephavencdi.testing.OfficialClient;
import io.deephaven.client.impl.Session;
import io.deephaven.qst.table.TableSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** The tests' server extension: where its servers live, what their clients present, and its leak check. */
class EmbeddedServerExtensionTest {

    @Test
    void aServerRequiringAKeyIsReachedByTheClientsTheExtensionHandsOut() throws Exception {
        EmbeddedServerExtension extension = EmbeddedServerExtension.create().preSharedKey("k3y");
        try (StartedServer server = extension.startAnother();
                OfficialClient official = server.officialClient();
                RawClient raw = new RawClient(server);
                RawClient anonymous = new RawClient(server, "Anonymous")) {
            assertThat(server.authentication())
                    .isEqualTo("io.deephaven.authentication.psk.PskAuthenticationHandler k3y");
            Session session = official.newSession();
            assertThat(session.execute(TableSpec.empty(3)).response().getSize()).isEqualTo(3);
            assertThat(raw.login().getConfigValuesMap()).containsKey("http.session.durationMs");
            GrpcAssertions.assertStatus(io.grpc.Status.Code.UNAUTHENTICATED, anonymous::login);
        }
    }

    @Test
    void aStaticExtensionKeepsOneServerForTheClassAndStopsItAfterwards() {
        TestExecutionSummary summary = run(OneServerPerClass.class);

        assertThat(summary.getTestsSucceededCount()).as(failures(summary)).isEqualTo(2);
        assertThat(OneServerPerClass.ports).hasSize(2).containsOnly(OneServerPerClass.ports.get(0));
        assertThat(OneServerPerClass.seen).allSatisfy(server -> assertThat(server.isClosed()).isTrue());
    }

    @Test
    void anInstanceFieldGivesEachTestAServerOfItsOwn() {
        TestExecutionSummary summary = run(OneServerPerTest.class);

        assertThat(summary.getTestsSucceededCount()).as(failures(summary)).isEqualTo(2);
        assertThat(OneServerPerTest.seen).hasSize(2).doesNotHaveDuplicates()
                .allSatisfy(server -> assertThat(server.isClosed()).isTrue());
    }

    @Test
    void aTestLeavingASessionOpenFailsTheNothingHeldCheck() {
        TestExecutionSummary summary = run(LeavesASessionOpen.class);

        assertThat(summary.getTestsFailedCount()).isEqualTo(1);
        assertThat(summary.getFailures().get(0).getException()).isInstanceOf(AssertionError.class)
                .hasMessageContaining("server still holds").hasMessageContaining("sessions=1");
    }

    private static TestExecutionSummary run(Class<?> testClass) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(
                LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build(), listener);
        return listener.getSummary();
    }

    private static String failures(TestExecutionSummary summary) {
        List<String> messages = new ArrayList<>();
        summary.getFailures().forEach(failure -> messages.add(failure.getException().toString()));
        return messages.toString();
    }

    /** Run only through {@link #run}: the nested classes are not picked up by the build's test scan. */
    static class OneServerPerClass {
        static final List<Integer> ports = new ArrayList<>();
        static final List<EmbeddedDeephavenServer> seen = new ArrayList<>();

        @RegisterExtension
        static final EmbeddedServerExtension server = EmbeddedServerExtension.create();

        @Test
        void first() {
            record();
        }

        @Test
        void second() {
            record();
        }

        private static void record() {
            ports.add(server.port());
            seen.add(server.embedded());
        }
    }

    static class OneServerPerTest {
        static final List<EmbeddedDeephavenServer> seen = new ArrayList<>();

        @RegisterExtension
        final EmbeddedServerExtension server = EmbeddedServerExtension.create();

        @Test
        void first() {
            seen.add(server.embedded());
        }

        @Test
        void second() {
            seen.add(server.embedded());
        }
    }

    static class LeavesASessionOpen {
        @RegisterExtension
        static final EmbeddedServerExtension server = EmbeddedServerExtension.create()
                .checkNothingHeldAfterEach(java.time.Duration.ofMillis(500));

        @Test
        void leaks() throws Exception {
            try (RawClient client = new RawClient(server)) {
                client.login(); // closing the channel leaves the session open
            }
        }
    }
}
