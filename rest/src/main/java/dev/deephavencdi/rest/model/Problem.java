package dev.deephavencdi.rest.model;

/**
 * An RFC 9457 problem document, sent as {@code application/problem+json}.
 *
 * @param type a URI identifying the problem type
 * @param title a short summary of the problem type
 * @param status the HTTP status
 * @param detail what happened to this request, and what to do
 * @param instance the request path as the client sent it, with the context root and application path
 */
public record Problem(String type, String title, int status, String detail, String instance) {}
