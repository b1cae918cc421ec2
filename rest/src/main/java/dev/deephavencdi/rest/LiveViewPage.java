package dev.deephavencdi.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A browser page over the ticket endpoints: it lists the published tables ({@code GET /deephaven/tickets}) and
 * shows the newest rows of the one picked, updating live from its server-sent events
 * ({@code GET /deephaven/tickets/{name}/updates}). One self-contained HTML file with its script (no build step,
 * no third-party code), served as it is; it reaches the endpoints by relative URLs, so it works under any
 * application root path.
 */
@ApplicationScoped
@Path("/deephaven/live")
@Tag(name = "Deephaven tickets")
public class LiveViewPage {
    private static final String PAGE = "live-view.html";

    private final String html = load();

    @GET
    @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
    @Operation(summary = "A page showing the published tables live",
            description = "Lists the published tables; pick one (or open ?table=name) to see its newest rows update"
                    + " as the table ticks.")
    public String page() {
        return html;
    }

    private static String load() {
        try (InputStream in = LiveViewPage.class.getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IllegalStateException(PAGE + " is missing next to " + LiveViewPage.class.getName()
                        + "; the deephaven-cdi-rest jar is incomplete");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + PAGE, e);
        }
    }
}
