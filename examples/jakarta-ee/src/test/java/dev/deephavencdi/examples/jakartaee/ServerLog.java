package dev.deephavencdi.examples.jakartaee;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A server's log file as the start and deploy polls read it: while the server starts, it may not exist yet. */
final class ServerLog {
    private ServerLog() {}

    /** @return the log's text so far, empty while it does not exist or cannot be read */
    static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
