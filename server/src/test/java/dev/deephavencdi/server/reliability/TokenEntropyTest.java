package dev.deephavencdi.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deephavencdi.proto.SharedTicket;
import dev.deephavencdi.server.RawClient;
import dev.deephavencdi.server.internal.session.ServerSession;
import dev.deephavencdi.server.internal.session.SessionManager;
import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import dev.deephavencdi.server.testing.StartedServer;
import java.math.BigInteger;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Bearer tokens and shared ticket ids are unguessable: 128 bits from a {@code SecureRandom}, with no bit position
 * fixed (a {@code UUID.randomUUID()} fixes 6 of its 128 bits), and never repeated. With n independent samples a
 * truly random bit position stays constant with probability 2^(1-n), so "every position takes both values" is a
 * deterministic check at these sample sizes.
 */
class TokenEntropyTest {
    private static final Pattern UUID_FORM =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final int SAMPLES = 5_000;

    @Test
    void sessionTokensAreUuidFormedUniqueAndUseAll128Bits() {
        try (SessionManager sessions = new SessionManager(Duration.ofMinutes(5), 10)) {
            Set<String> tokens = new HashSet<>();
            BitVariation bits = new BitVariation(128);
            for (int i = 0; i < SAMPLES; i++) {
                ServerSession session = sessions.newSession();
                String token = sessions.refreshToken(session);
                assertThat(token).matches(UUID_FORM);
                assertThat(tokens.add(token)).as("token %s repeated", token).isTrue();
                bits.add(new BigInteger(token.replace("-", ""), 16));
            }
            assertThat(bits.constantPositions()).as("bit positions that never changed").isEmpty();
        }
    }

    @Test
    void theServerSendsThatTokenFormAsBearerInResponseHeaders() throws Exception {
        try (StartedServer server = EmbeddedServerExtension.start()) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                try (RawClient client = new RawClient(server)) {
                    client.login();
                    assertThat(client.lastHeaderToken()).startsWith("Bearer ");
                    String token = client.lastHeaderToken().substring("Bearer ".length());
                    assertThat(token).matches(UUID_FORM);
                    assertThat(seen.add(token)).isTrue();
                }
            }
        }
    }

    @Test
    void randomSharedTicketIdsUseAll128Bits() {
        BitVariation bits = new BitVariation(128);
        for (int i = 0; i < SAMPLES; i++) {
            byte[] id = SharedTicket.random().id();
            assertThat(id).hasSize(16);
            bits.add(new BigInteger(1, id));
        }
        assertThat(bits.constantPositions()).as("bit positions that never changed").isEmpty();
    }

    /** Records, per bit position, whether it was seen as 0 and as 1. */
    private static final class BitVariation {
        private final int width;
        private BigInteger seenOne = BigInteger.ZERO;
        private BigInteger seenZero = BigInteger.ZERO;

        BitVariation(int width) {
            this.width = width;
        }

        void add(BigInteger value) {
            BigInteger mask = BigInteger.ONE.shiftLeft(width).subtract(BigInteger.ONE);
            seenOne = seenOne.or(value);
            seenZero = seenZero.or(value.not().and(mask));
        }

        List<Integer> constantPositions() {
            return java.util.stream.IntStream.range(0, width)
                    .filter(bit -> !seenOne.testBit(bit) || !seenZero.testBit(bit))
                    .boxed().toList();
        }
    }
}
