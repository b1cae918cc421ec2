package dev.deephavencdi.it.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deephavencdi.client.Session;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

/**
 * A {@code @TestProfile} that changes nothing of the embedded server is another application, yet it uses the Dev
 * Service {@link DevServiceQuarkusTest}'s application uses: same target and key, and a table another client left
 * on it is still there ({@link SharedDevServiceProbe}).
 */
@QuarkusTest
@TestProfile(DevServiceSharedByTestProfilesQuarkusTest.OtherProfile.class)
class DevServiceSharedByTestProfilesQuarkusTest {
    /** Configuration of its own (so it is another application), none of it the embedded server's. */
    public static class OtherProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("deephaven-cdi.it.profile", "other");
        }
    }

    @Inject
    Session session;

    @Inject
    Config config;

    @Test
    void theDevServiceOfTheDefaultProfileServesThisProfileToo() {
        assertThat(config.getValue("deephaven-cdi.it.profile", String.class)).isEqualTo("other");
        assertThat(config.getConfigValue("deephaven.cdi.embedded.running-target").getSourceName())
                .containsIgnoringCase("DevServices");
        SharedDevServiceProbe.leaveOrVerify("other", config, session);
    }
}
