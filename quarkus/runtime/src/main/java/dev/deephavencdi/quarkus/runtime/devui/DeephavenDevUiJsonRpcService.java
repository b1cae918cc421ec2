package dev.deephavencdi.quarkus.runtime.devui;

import dev.deephavencdi.cdi.PublishedTable;
import dev.deephavencdi.cdi.PublishedTickets;
import dev.deephavencdi.cdi.impl.DeephavenSessions;
import dev.deephavencdi.proto.SharedTicket;
import dev.deephavencdi.quarkus.runtime.SessionNames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the Dev UI card shows from inside the application: the published tickets and the sessions with their targets.
 * (The embedded server's statistics come from the deployment side, where the Dev Service runs.) Answers with plain
 * maps and lists, which the Dev UI serialises to JSON.
 */
@ApplicationScoped
public class DeephavenDevUiJsonRpcService {
    /** The ticket endpoints' class, present when the application depends on deephaven-cdi-rest. */
    private static final String TICKETS_RESOURCE = "dev.deephavencdi.rest.TicketsResource";
    private static final String TICKETS_PATH = "/deephaven/tickets/";

    @Inject
    PublishedTickets tickets;

    @Inject
    DeephavenSessions sessions;

    @Inject
    SessionNames sessionNames;

    /** @return every published entry, live and released, ordered by name */
    public List<Map<String, Object>> getTickets() {
        boolean rest = restEndpointsPresent();
        List<Map<String, Object>> answer = new ArrayList<>();
        for (PublishedTable entry : tickets.list()) {
            answer.add(ticket(entry, rest));
        }
        return answer;
    }

    /** @return every session name the build found, with the target it connects to */
    public List<Map<String, Object>> getSessions() {
        List<Map<String, Object>> answer = new ArrayList<>();
        for (String name : sessionNames.names()) {
            Map<String, Object> session = new LinkedHashMap<>();
            session.put("name", name.isEmpty() ? "(default)" : name);
            session.put("target", target(name));
            session.put("server", sessionNames.devService() ? "Dev Service" : "configured or in-application");
            answer.add(session);
        }
        return answer;
    }

    private String target(String name) {
        try {
            return sessions.targetOf(name);
        } catch (RuntimeException e) { // a session that cannot connect still belongs on the card, with why
            return "unavailable: " + e.getMessage();
        }
    }

    private static Map<String, Object> ticket(PublishedTable entry, boolean rest) {
        boolean released = entry.isReleased();
        SharedTicket ticket = entry.ticket();
        Map<String, Object> forms = new LinkedHashMap<>();
        forms.put("hex", ticket.toHex());
        forms.put("base64", ticket.toBase64());
        forms.put("sharedId", ticket.idHex());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", entry.name());
        view.put("session", entry.sessionName().isEmpty() ? "(default)" : entry.sessionName());
        view.put("server", entry.serverTarget());
        view.put("ticket", forms);
        view.put("released", released);
        view.put("size", released ? 0 : entry.table().size());
        view.put("kind", released ? "released" : entry.table().isStatic() ? "static" : "live");
        view.put("publishedAt", entry.publishedAt().toString());
        view.put("links", rest ? links(entry.name()) : Map.of());
        return view;
    }

    private static Map<String, String> links(String name) {
        String base = TICKETS_PATH + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        Map<String, String> links = new LinkedHashMap<>();
        links.put("ticket", base);
        links.put("rows", base + "/rows?limit=20");
        links.put("updates", base + "/updates");
        links.put("arrow", base + "/arrow");
        return links;
    }

    private static boolean restEndpointsPresent() {
        try {
            Class.forName(TICKETS_RESOURCE, false, Thread.currentThread().getContextClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
