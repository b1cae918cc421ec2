/**
 * The Deephaven wire contract shared by the embedded server and the client.
 *
 * <p>Deephaven addresses every table on the wire by a {@code Ticket}: opaque bytes whose first byte names a
 * route. This package holds small immutable value types for the two routes this project serves, with their
 * codecs, so that no layer passes raw {@code byte[]} or {@code ByteString} tickets around:
 * <ul>
 *   <li>{@link dev.deephavencdi.proto.ExportTicket}: {@code 'e'} followed by a little-endian int32 export id,
 *       owned by one session;</li>
 *   <li>{@link dev.deephavencdi.proto.SharedTicket}: {@code 'h'} followed by opaque id bytes (16 random bytes
 *       from both official clients), fetchable by any session while the published table lives.</li>
 * </ul>
 * {@link dev.deephavencdi.proto.WireTicket#parse(io.deephaven.proto.backplane.grpc.Ticket)} classifies a ticket
 * and rejects malformed ones with a {@link dev.deephavencdi.proto.MalformedTicketException} that says what was
 * wrong. The generated Deephaven stubs themselves come from {@code io.deephaven:deephaven-proto-backplane-grpc}.
 *
 * <p>All types here are immutable and thread-safe.
 */
package dev.deephavencdi.proto;
