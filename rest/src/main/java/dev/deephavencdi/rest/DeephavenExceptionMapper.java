package dev.deephavencdi.rest;

import dev.deephavencdi.client.DeephavenException;
import dev.deephavencdi.client.SessionClosedException;
import dev.deephavencdi.client.TableReleasedException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * The ticket endpoints' client failures as problem documents, in one place: a table released (or its session
 * closed) while a request used it is {@code 410 Gone}, as if the request had come a moment later; any other
 * failure of the Deephaven server is {@code 502 Bad Gateway} with the client's explanation.
 */
@Provider
public class DeephavenExceptionMapper implements ExceptionMapper<DeephavenException> {
    @Context
    UriInfo request;

    @Override
    public Response toResponse(DeephavenException failure) {
        String path = TicketsResource.pathOf(request);
        if (failure instanceof TableReleasedException || failure instanceof SessionClosedException) {
            return Problems.released(request.getPathParameters().getFirst("name"), path).getResponse();
        }
        return Problems.serverFailure(failure.getMessage(), path).getResponse();
    }
}
