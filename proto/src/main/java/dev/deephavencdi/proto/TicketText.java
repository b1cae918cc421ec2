package dev.deephavencdi.proto;

import com.google.protobuf.ByteString;
import java.util.HexFormat;

/** Renders ticket bytes for error messages without flooding logs with oversized input. */
final class TicketText {
    private static final int MAX_RENDERED_BYTES = 24;

    private TicketText() {}

    static String describe(ByteString bytes) {
        if (bytes == null || bytes.isEmpty()) {
            return "an empty ticket";
        }
        int shown = Math.min(bytes.size(), MAX_RENDERED_BYTES);
        String hex = HexFormat.of().formatHex(bytes.substring(0, shown).toByteArray());
        return bytes.size() + " bytes 0x" + hex + (shown < bytes.size() ? "…" : "");
    }
}
