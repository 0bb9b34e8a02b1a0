package org.jevse.http;

/** Where a server listens: the {@code listen} key's {@code HOST:PORT} ({@code [::1]:8080} for an IPv6 literal). */
public record ListenAddress(String host, int port) {

    /**
     * Parses {@code HOST:PORT}; {@code key} names the setting in the message of the {@link IllegalArgumentException}
     * (one line: what was given and what is allowed).
     */
    public static ListenAddress parse(String key, String text) {
        String allowed = " (expected HOST:PORT with a port from 1 to 65535, or 0 for any free port, e.g. "
                + "127.0.0.1:8080 or [::1]:8080)";
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(key + ": empty" + allowed);
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException(key + ": '" + text + "' has no HOST:PORT" + allowed);
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException(key + ": '" + text + "': put an IPv6 address in brackets" + allowed);
        }
        if (host.isEmpty() || !host.matches("[A-Za-z0-9.:_-]+")) {
            throw new IllegalArgumentException(key + ": '" + text + "' has no valid host" + allowed);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + text + "' has no numeric port" + allowed, e);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(key + ": port " + port + " is out of range" + allowed);
        }
        return new ListenAddress(host, port);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
