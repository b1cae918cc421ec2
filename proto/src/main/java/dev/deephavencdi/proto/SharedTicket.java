package dev.deephavencdi.proto;

import com.google.protobuf.ByteString;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A shared ticket: {@code 'h'} followed by opaque id bytes. Publishing a table to a shared ticket lets any other
 * session fetch it, for as long as the published table lives.
 *
 * <p>{@link #random()} makes the form both official Deephaven clients use: 16 bytes from a {@link SecureRandom},
 * a 17-byte ticket. Two text forms carry a ticket across processes (for example in a REST response):
 * <ul>
 *   <li>{@link #toHex()}: lowercase hex of the whole ticket ({@code "68…"}); pydeephaven takes it as
 *       {@code SharedTicket(bytes.fromhex(s))};</li>
 *   <li>{@link #toBase64()}: standard base64 of the whole ticket;</li>
 *   <li>{@link #idHex()}: {@code "0x"} + hex of the id bytes, the form of the official Java client's
 *       {@code SharedId.asHexString()}.</li>
 * </ul>
 *
 * <p>Instances are immutable and thread-safe; equality is by ticket bytes.
 */
public final class SharedTicket implements WireTicket {

    /** The route byte of shared tickets. */
    public static final byte ROUTE = 'h';

    /** The id length of {@link #random()} tickets, as in both official clients. */
    public static final int RANDOM_ID_LENGTH = 16;

    /**
     * The longest id accepted. Deephaven sets no limit; we cap ids so a caller cannot make the server hold
     * arbitrarily large keys. Real clients use 16 bytes.
     */
    public static final int MAX_ID_LENGTH = 64;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private final ByteString ticket;

    private SharedTicket(ByteString ticket) {
        this.ticket = ticket;
    }

    /** @return a new ticket with a 16-byte id drawn from a {@link SecureRandom} */
    public static SharedTicket random() {
        byte[] id = new byte[RANDOM_ID_LENGTH];
        RANDOM.nextBytes(id);
        return fromId(id);
    }

    /**
     * @param ticketBytes the whole ticket, {@code 'h'} included (pydeephaven's {@code SharedTicket.bytes})
     * @throws MalformedTicketException if the bytes do not start with {@code 'h'} or the id is empty or too long
     */
    public static SharedTicket fromBytes(byte[] ticketBytes) {
        if (ticketBytes == null) {
            throw new MalformedTicketException("shared ticket bytes are null");
        }
        return fromByteString(ByteString.copyFrom(ticketBytes));
    }

    /**
     * @param id the id bytes without the {@code 'h'} route byte (the official Java client's {@code SharedId})
     * @throws MalformedTicketException if the id is empty or longer than {@link #MAX_ID_LENGTH}
     */
    public static SharedTicket fromId(byte[] id) {
        if (id == null) {
            throw new MalformedTicketException("shared ticket id is null");
        }
        return fromByteString(ByteString.copyFrom(new byte[] {ROUTE}).concat(ByteString.copyFrom(id)));
    }

    /**
     * @param ticket the whole ticket as it travels on the wire
     * @throws MalformedTicketException if it is not a valid shared ticket
     */
    public static SharedTicket fromByteString(ByteString ticket) {
        if (ticket == null || ticket.isEmpty() || ticket.byteAt(0) != ROUTE) {
            throw new MalformedTicketException("not a shared ticket: expected 'h' (0x68) followed by the id, got "
                    + TicketText.describe(ticket));
        }
        int idLength = ticket.size() - 1;
        if (idLength == 0) {
            throw new MalformedTicketException("shared ticket has no id: expected 'h' followed by 1 to "
                    + MAX_ID_LENGTH + " id bytes (16 random bytes is usual)");
        }
        if (idLength > MAX_ID_LENGTH) {
            throw new MalformedTicketException("shared ticket id is " + idLength + " bytes, longer than the "
                    + MAX_ID_LENGTH + " allowed; use SharedTicket.random() (16 bytes)");
        }
        return new SharedTicket(ticket);
    }

    /**
     * Parses {@link #toHex()} output: hex of the whole ticket, case-insensitive.
     *
     * @throws MalformedTicketException if the text is not hex or not a valid shared ticket
     */
    public static SharedTicket fromHex(String hex) {
        if (hex == null || hex.isBlank()) {
            throw new MalformedTicketException("shared ticket hex is empty: expected hex of 'h' + id, e.g. \"68"
                    + "00112233445566778899aabbccddeeff\"");
        }
        String digits = hex.strip();
        if (digits.startsWith("0x") || digits.startsWith("0X")) {
            throw new MalformedTicketException("\"" + abbreviate(digits) + "\" looks like a Java SharedId hex (id only);"
                    + " use SharedTicket.fromIdHex, or pass hex of the whole ticket starting with 68");
        }
        try {
            return fromBytes(HEX.parseHex(digits));
        } catch (IllegalArgumentException e) {
            if (e instanceof MalformedTicketException malformed) {
                throw malformed;
            }
            throw new MalformedTicketException("shared ticket \"" + abbreviate(digits) + "\" is not valid hex: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Parses {@link #idHex()} output: {@code "0x"} (optional) followed by hex of the id bytes.
     *
     * @throws MalformedTicketException if the text is not hex or the id length is invalid
     */
    public static SharedTicket fromIdHex(String idHex) {
        if (idHex == null || idHex.isBlank()) {
            throw new MalformedTicketException("shared ticket id hex is empty");
        }
        String digits = idHex.strip();
        if (digits.startsWith("0x") || digits.startsWith("0X")) {
            digits = digits.substring(2);
        }
        try {
            return fromId(HEX.parseHex(digits));
        } catch (IllegalArgumentException e) {
            if (e instanceof MalformedTicketException malformed) {
                throw malformed;
            }
            throw new MalformedTicketException("shared ticket id \"" + abbreviate(idHex) + "\" is not valid hex: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Parses {@link #toBase64()} output; URL-safe base64 is accepted too.
     *
     * @throws MalformedTicketException if the text is not base64 or not a valid shared ticket
     */
    public static SharedTicket fromBase64(String base64) {
        if (base64 == null || base64.isBlank()) {
            throw new MalformedTicketException("shared ticket base64 is empty");
        }
        String text = base64.strip();
        byte[] bytes;
        try {
            bytes = text.indexOf('-') >= 0 || text.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(text)
                    : Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new MalformedTicketException("shared ticket \"" + abbreviate(text) + "\" is not valid base64: "
                    + e.getMessage(), e);
        }
        return fromBytes(bytes);
    }

    /** @return a copy of the id bytes, without the {@code 'h'} route byte */
    public byte[] id() {
        return ticket.substring(1).toByteArray();
    }

    /** @return a copy of the whole ticket bytes, {@code 'h'} included */
    public byte[] toBytes() {
        return ticket.toByteArray();
    }

    @Override
    public ByteString toByteString() {
        return ticket;
    }

    /** @return lowercase hex of the whole ticket, {@code 'h'} included */
    public String toHex() {
        return HEX.formatHex(ticket.toByteArray());
    }

    /** @return standard base64 of the whole ticket, {@code 'h'} included */
    public String toBase64() {
        return Base64.getEncoder().encodeToString(ticket.toByteArray());
    }

    /** @return {@code "0x"} + hex of the id, the official Java client's {@code SharedId.asHexString()} form */
    public String idHex() {
        return "0x" + HEX.formatHex(id());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SharedTicket that && ticket.equals(that.ticket);
    }

    @Override
    public int hashCode() {
        return ticket.hashCode();
    }

    /** @return {@code "shared:"} + {@link #idHex()}, safe to log */
    @Override
    public String toString() {
        return "shared:" + idHex();
    }

    private static String abbreviate(String text) {
        return text.length() <= 48 ? text : text.substring(0, 48) + "…";
    }
}
