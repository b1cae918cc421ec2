package dev.deephavencdi.example;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ticket endpoints secured with Quarkus' own means, as the README describes: a ticket is a bearer capability,
 * so an application whose data is not public lets only a role read {@code /deephaven/tickets}. Here HTTP
 * permissions require the role {@code tickets-reader}; callers are given identities with {@code @TestSecurity}
 * (the application would use any Quarkus authentication mechanism: OIDC, Basic, mTLS).
 */
@QuarkusTest
@TestProfile(SecuredTicketEndpointsTest.TicketsNeedARole.class)
class SecuredTicketEndpointsTest {
    private static final String[] TICKET_PATHS = {"/deephaven/tickets", "/deephaven/tickets/prices",
        "/deephaven/tickets/prices/rows?limit=1", "/deephaven/tickets/prices/arrow"};

    /** The README's configuration. */
    public static final class TicketsNeedARole implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.http.auth.policy.tickets-reader.roles-allowed", "tickets-reader",
                    "quarkus.http.auth.permission.tickets.paths", "/deephaven/tickets,/deephaven/tickets/*",
                    "quarkus.http.auth.permission.tickets.policy", "tickets-reader");
        }
    }

    @Test
    void anonymousCallersGet401AndNoTicket() {
        for (String path : TICKET_PATHS) {
            given().get(path).then().statusCode(401);
        }
    }

    @Test
    @TestSecurity(user = "bob", roles = "accounting")
    void usersWithoutTheRoleGet403() {
        for (String path : TICKET_PATHS) {
            given().get(path).then().statusCode(403);
        }
    }

    @Test
    @TestSecurity(user = "alice", roles = "tickets-reader")
    void usersWithTheRoleReadTickets() {
        given().get("/deephaven/tickets/prices").then()
                .statusCode(200)
                .body("ticket.hex", startsWith("68"));
    }

    @Test
    void otherPathsStayOpen() {
        given().get("/q/openapi").then().statusCode(200);
    }
}
