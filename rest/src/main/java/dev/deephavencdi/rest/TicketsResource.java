package dev.deephavencdi.rest;

import dev.deephavencdi.cdi.PublishedTable;
import dev.deephavencdi.cdi.PublishedTickets;
import dev.deephavencdi.client.Table;
import dev.deephavencdi.rest.model.RowsView;
import dev.deephavencdi.rest.model.TicketView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.nio.channels.Channels;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The ticket endpoints: what is published, where to fetch it, and its data for clients without gRPC. Read-only;
 * every table it serves was published by the application with {@code @Published}. A client failure while serving
 * one becomes a problem document in {@link DeephavenExceptionMapper}.
 */
@ApplicationScoped
@Path("/deephaven/tickets")
@Tag(name = "Deephaven tickets", description = "Shared tickets of the tables this application publishes")
public class TicketsResource {
    /** The IANA media type of the Arrow IPC streaming format. */
    public static final String ARROW_STREAM = "application/vnd.apache.arrow.stream";

    private static final int DEFAULT_PREVIEW_ROWS = 100;
    private static final String MAX_PREVIEW_ROWS_KEY = RestConfiguration.PREFIX + RestConfiguration.MAX_PREVIEW_ROWS;
    private static final int DEFAULT_LIVE_ROWS = 10;
    private static final int MAX_LIVE_ROWS = 1_000;

    @Inject
    PublishedTickets tickets;

    @Inject
    RestConfiguration configuration;

    private final StaticPreviews previews = new StaticPreviews();

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List the published tables", description = "Live tables only, ordered by name, each with"
            + " its shared ticket (hex, base64, Java SharedId forms) and the Deephaven server to fetch it from.")
    public List<TicketView> list() {
        return tickets.live().stream().map(TicketViews::of).toList();
    }

    @GET
    @Path("{name}")
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    @Operation(summary = "Describe one published table",
            description = "404 if nothing is published under the name, 410 if its table was released.")
    public TicketView get(@PathParam("name") String name, @Context UriInfo request) {
        return TicketViews.of(live(name, pathOf(request)));
    }

    @GET
    @Path("{name}/rows")
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    @Operation(summary = "Preview the first rows as JSON",
            description = "limit defaults to 100 and may not exceed deephaven.cdi.rest.max-preview-rows (10000).")
    public RowsView rows(@PathParam("name") String name, @QueryParam("limit") String limitText,
            @Context UriInfo request) {
        String path = pathOf(request);
        int limit = parseLimit(limitText, path);
        PublishedTable entry = live(name, path);
        Table table = entry.table();
        return previews.preview(name, table, limit, () -> {
            List<Map<String, Object>> rows = table.readRows(limit).stream().map(JsonValues::row).toList();
            long total = table.size();
            return new RowsView(name, TicketViews.columns(table.schema()), rows, limit, total, total > rows.size());
        });
    }

    @GET
    @Path("{name}/arrow")
    @Produces({ARROW_STREAM, Problems.MEDIA_TYPE})
    @Operation(summary = "The whole table as an Arrow IPC stream",
            description = "Readable by any Arrow library, e.g. pyarrow.ipc.open_stream(response.content).read_all().")
    public StreamingOutput arrow(@PathParam("name") String name, @Context UriInfo request) {
        String path = pathOf(request);
        FlightStream stream = live(name, path).table().openArrowStream();
        return output -> {
            try (stream;
                    ArrowStreamWriter writer = new ArrowStreamWriter(stream.getRoot(), null,
                            Channels.newChannel(output))) {
                writer.start();
                while (stream.next()) {
                    writer.writeBatch();
                }
                writer.end();
            } catch (Exception e) {
                // headers are sent; the client sees a truncated stream, which Arrow readers report
                throw new java.io.IOException("streaming '" + name + "' failed: " + e.getMessage(), e);
            }
        };
    }

    @GET
    @Path("{name}/updates")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Stream a live view as server-sent events",
            description = "One 'update' event per tick: rows added/removed/modified and the newest rows (the table's"
                    + " tail, 'rows' of them, default 10). The first event is the initial view; a static table sends"
                    + " only that. An 'error' event ends the stream if the table stops.")
    public void updates(@PathParam("name") String name, @QueryParam("rows") String rowsText,
            @Context SseEventSink sink, @Context Sse sse, @Context UriInfo request) {
        String path = pathOf(request);
        int rows = parseCount("rows", rowsText, DEFAULT_LIVE_ROWS, MAX_LIVE_ROWS, path);
        LiveViewStream.start(name, live(name, path).table(), rows, sink, sse);
    }

    /**
     * @return a problem document's {@code instance}: the path as requested, with the context root and the
     *         application path (a WAR's {@code /my-app/...}), so that it names the resource on this server
     */
    static String pathOf(UriInfo request) {
        return request.getRequestUri().getRawPath();
    }

    private PublishedTable live(String name, String path) {
        PublishedTable entry = tickets.find(name).orElseThrow(() -> {
            previews.forget(name);
            return Problems.unknownName(name, path, tickets.live().stream().map(PublishedTable::name).toList());
        });
        if (entry.isReleased()) {
            previews.forget(name);
            throw Problems.released(name, path);
        }
        return entry;
    }

    private int parseLimit(String text, String path) {
        int max = configuration.maxPreviewRows();
        return parseCount("limit", text, Math.min(DEFAULT_PREVIEW_ROWS, max), max, path);
    }

    private static int parseCount(String parameter, String text, int fallback, int max, String path) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int count = Integer.parseInt(text.strip());
            if (count >= 1 && count <= max) {
                return count;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        String limitHint = parameter.equals("limit")
                ? " (" + MAX_PREVIEW_ROWS_KEY + "); use the /arrow endpoint for whole tables" : "";
        throw Problems.badParameter(parameter + " must be a whole number from 1 to " + max + limitHint + ", got '"
                + text + "'", path);
    }
}
