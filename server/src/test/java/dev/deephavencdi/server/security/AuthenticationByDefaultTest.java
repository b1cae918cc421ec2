package dev.deephavencdi.server.security;

import static dev.deephavencdi.server.GrpcAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deephavencdi.server.RawClient;
import dev.deephavencdi.server.ServerProcess;
import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import dev.deephavencdi.server.testing.StartedServer;
import dev.deephavencdi.testing.OfficialClient;
import io.deephaven.proto.backplane.grpc.AuthenticationConstantsRequest;
import io.deephaven.proto.backplane.grpc.EmptyTableRequest;
import io.deephaven.qst.table.TableSpec;
import io.grpc.Status.Code;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The server requires Deephaven's pre-shared key unless anonymous access is configured explicitly; with no key
 * configured it generates a random 128-bit one and prints it once with ready connection snippets.
 */
class AuthenticationByDefaultTest {
    private static final String PSK = "io.deephaven.authentication.psk.PskAuthenticationHandler";

    @Test
    void byDefaultAnonymousClientsAreRefusedAndTheGeneratedKeyLetsClientsIn() throws Exception {
        try (StartedServer server = EmbeddedServerExtension.start();
                StartedServer another = EmbeddedServerExtension.start();
                RawClient anonymous = new RawClient(server, "Anonymous");
                RawClient wrongKey = new RawClient(server, PSK + " " + "0".repeat(32));
                RawClient withKey = new RawClient(server);
                OfficialClient official = new OfficialClient(server.target(), server.embedded().authentication())) {
            assertThat(server.embedded().isAnonymous()).isFalse();
            assertThat(server.embedded().authentication()).matches(PSK + " [0-9a-f]{32}");
            assertThat(another.embedded().authentication()).isNotEqualTo(server.embedded().authentication());

            assertStatus(Code.UNAUTHENTICATED, anonymous::login);
            assertStatus(Code.UNAUTHENTICATED, wrongKey::login);
            withKey.login();
            withKey.tables().emptyTable(EmptyTableRequest.newBuilder().setResultId(withKey.nextExport()).setSize(1)
                    .build());
            assertThat(withKey.config().getAuthenticationConstants(AuthenticationConstantsRequest.getDefaultInstance())
                    .getConfigValuesMap().toString()).contains(PSK);
            assertThat(official.newSession().execute(TableSpec.empty(3)).response().getSize()).isEqualTo(3);
        }
    }

    @Test
    void aConfiguredKeyIsTheOneRequiredAndAnonymousAccessMustBeAskedFor() throws Exception {
        try (StartedServer keyed = EmbeddedServerExtension.start(builder -> builder.preSharedKey("s3cret"));
                StartedServer open = EmbeddedServerExtension.start(builder -> builder.anonymousAccess());
                RawClient keyedClient = new RawClient(keyed, PSK + " s3cret");
                RawClient keyedAnonymous = new RawClient(keyed, "Anonymous");
                RawClient openAnonymous = new RawClient(open, "Anonymous");
                RawClient openWithSomeKey = new RawClient(open, PSK + " s3cret")) {
            assertThat(keyed.embedded().authentication()).isEqualTo(PSK + " s3cret");
            keyedClient.login();
            assertStatus(Code.UNAUTHENTICATED, keyedAnonymous::login);
            assertThat(open.embedded().isAnonymous()).isTrue();
            assertThat(open.embedded().authentication()).isEqualTo("Anonymous");
            openAnonymous.login();
            assertStatus(Code.UNAUTHENTICATED, openWithSomeKey::login);
        }
    }

    @Test
    void theStandaloneServerPrintsItsGeneratedKeyOnceWithSnippetsThatConnect() throws Exception {
        try (ServerProcess server = ServerProcess.start(List.of())) {
            String printed = server.output();
            Matcher key = Pattern.compile("auth_token=\"([0-9a-f]{32})\"").matcher(printed);
            assertThat(key.find()).as("pydeephaven snippet with the key in:%n%s", printed).isTrue();
            String generated = key.group(1);
            assertThat(printed.split(generated, -1).length - 1)
                    .as("the key appears in the banner, the pydeephaven, Java and client snippets only")
                    .isEqualTo(4);
            assertThat(printed).contains("authenticationTypeAndValue(").contains("--anonymous");
            try (RawClient client = new RawClient("127.0.0.1", server.port(), PSK + " " + generated);
                    RawClient anonymous = new RawClient("127.0.0.1", server.port(), "Anonymous")) {
                client.login();
                assertStatus(Code.UNAUTHENTICATED, anonymous::login);
            }
        }
    }
}
