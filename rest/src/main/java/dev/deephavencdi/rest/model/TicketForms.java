package dev.deephavencdi.rest.model;

/**
 * One shared ticket in the text forms clients accept.
 *
 * @param hex hex of the whole ticket ({@code 68…}); pydeephaven: {@code SharedTicket(bytes.fromhex(hex))}
 * @param base64 standard base64 of the whole ticket
 * @param sharedId {@code 0x} + hex of the id; the official Java client's {@code SharedId} form
 *        ({@code new SharedId(HexFormat.of().parseHex(sharedId.substring(2)))})
 */
public record TicketForms(String hex, String base64, String sharedId) {}
