package dev.deephavencdi.server;

import java.util.Locale;

/**
 * Parses memory sizes as the command line and configuration accept them, the way the JVM's {@code -Xmx} does: a
 * whole number of bytes, or a number with {@code k}, {@code m} or {@code g} (1024-based: {@code 512m}, {@code 2g}).
 */
public final class ByteSizeParser {
    private ByteSizeParser() {}

    /**
     * @return the size in bytes, positive
     * @throws IllegalArgumentException with a message giving the accepted forms
     */
    public static long parse(String value) {
        String text = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        long unit = switch (text.isEmpty() ? ' ' : text.charAt(text.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1;
        };
        String digits = unit == 1 ? text : text.substring(0, text.length() - 1);
        try {
            long bytes = Math.multiplyExact(Long.parseLong(digits), unit);
            if (bytes > 0) {
                return bytes;
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + value + "' is not a memory size; use e.g. 512m, 2g or a number"
                + " of bytes");
    }
}
