package dev.deephavencdi.examples.jakartase;

import org.eclipse.microprofile.config.Config;

/**
 * Where the ticket endpoints listen, from MicroProfile Config: {@code example.http.host} and
 * {@code example.http.port} (0 picks a free port). The example's own keys, outside the library's
 * {@code deephaven.cdi.} prefix.
 *
 * @param host the address to bind
 * @param port the port, 0 for a free one
 */
public record HttpSettings(String host, int port) {
    static final String HOST = "example.http.host";
    static final String PORT = "example.http.port";

    static HttpSettings read(Config config) {
        String host = config.getOptionalValue(HOST, String.class).map(String::strip).orElse("127.0.0.1");
        String portText = config.getOptionalValue(PORT, String.class).map(String::strip).orElse("8080");
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(PORT + ": '" + portText + "' is not a port; use 1 to 65535, or 0 for"
                    + " a free port");
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException(HOST + " is empty; remove it or give an address such as 127.0.0.1");
        }
        return new HttpSettings(host, port);
    }
}
