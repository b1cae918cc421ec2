package dev.deephavencdi.rest;

import dev.deephavencdi.rest.model.Problem;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/** RFC 9457 problem responses, thrown as {@link WebApplicationException}s so every JAX-RS runtime sends them. */
final class Problems {
    static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPES = "https://deephaven-cdi.dev/problems/";

    private Problems() {}

    static WebApplicationException unknownName(String name, String path, Iterable<String> known) {
        return problem(Response.Status.NOT_FOUND, "unknown-table", "No table published under this name",
                "nothing is published under '" + name + "'; published names: " + known, path);
    }

    static WebApplicationException released(String name, String path) {
        return problem(Response.Status.GONE, "released-table", "The published table was released",
                "the table published under '" + name + "' was released, so its ticket no longer resolves;"
                        + " it is available again once the application publishes it anew", path);
    }

    static WebApplicationException badParameter(String detail, String path) {
        return problem(Response.Status.BAD_REQUEST, "bad-parameter", "Invalid request parameter", detail, path);
    }

    static WebApplicationException serverFailure(String detail, String path) {
        return problem(Response.Status.BAD_GATEWAY, "deephaven-failure", "The Deephaven server failed the request",
                detail, path);
    }

    private static WebApplicationException problem(Response.Status status, String type, String title, String detail,
            String path) {
        Problem problem = new Problem(TYPES + type, title, status.getStatusCode(), detail, path);
        return new WebApplicationException(detail,
                Response.status(status).type(MEDIA_TYPE).entity(problem).build());
    }
}
