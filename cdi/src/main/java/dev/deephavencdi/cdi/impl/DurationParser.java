package dev.deephavencdi.cdi.impl;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Parses the durations of {@code deephaven.cdi.*} keys (the embedded server's, the health checks' timeout):
 * ISO-8601 ({@code PT5M}) or a whole number with a unit: {@code ms}, {@code s}, {@code m} or {@code h}
 * ({@code 1500ms}, {@code 300s}, {@code 5m}). The embedded server's command line accepts the same forms with a
 * parser of its own, since the CDI core no longer depends on the server.
 */
public final class DurationParser {
    private DurationParser() {}

    /**
     * @throws IllegalArgumentException with a message listing the accepted forms
     */
    public static Duration parse(String value) {
        if (value == null) {
            throw new IllegalArgumentException("no duration given; use e.g. 300s, 5m, 1h, 1500ms or PT5M");
        }
        String text = value.strip().toLowerCase(Locale.ROOT);
        try {
            if (text.startsWith("pt")) {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            }
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            long amount = Long.parseLong(text.substring(0, text.length() - 1));
            return switch (text.charAt(text.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> throw new NumberFormatException();
            };
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("'" + value + "' is not a duration; use e.g. 300s, 5m, 1h, 1500ms or PT5M");
        }
    }
}
