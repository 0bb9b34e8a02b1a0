package org.jevse.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** One request as a handler sees it: the path below its route, the query, the body (bounded) and who asks. */
public final class Request {
    static final int MAX_QUERY_PARAMETERS = 32;

    private final HttpExchange exchange;
    private final String rest;
    private final Map<String, String> query;
    private final Principal who;
    private final int maxBodyBytes;
    private byte[] body;

    Request(HttpExchange exchange, String rest, Principal who, int maxBodyBytes) {
        this.exchange = exchange;
        this.rest = rest;
        this.who = who;
        this.maxBodyBytes = maxBodyBytes;
        this.query = parseQuery(exchange.getRequestURI().getRawQuery());
    }

    public String method() {
        return exchange.getRequestMethod();
    }

    /** The part of the path after a prefix route ({@code "/api/v1/tags/"} + {@code rest}), URL-decoded; "" else. */
    public String rest() {
        return rest;
    }

    /** A query parameter, or null. */
    public String query(String name) {
        return query.get(name);
    }

    public Map<String, String> queryParameters() {
        return query;
    }

    public Principal who() {
        return who;
    }

    public String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    /** The remote address (no port): what the login limiter counts. */
    public String remote() {
        return exchange.getRemoteAddress().getAddress().getHostAddress();
    }

    /** True when the connection is HTTPS. */
    public boolean secure() {
        return exchange instanceof com.sun.net.httpserver.HttpsExchange;
    }

    /** The body, at most the server's limit: a larger one is a 413 (never read into memory past the limit). */
    public byte[] body() {
        if (body != null) {
            return body;
        }
        String length = header("Content-Length");
        if (length != null) {
            long n;
            try {
                n = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                throw HttpError.badRequest("Content-Length: not a number");
            }
            if (n > maxBodyBytes) {
                throw new HttpError(413, "body: " + n + " bytes is more than the " + maxBodyBytes + " allowed");
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] b = in.readNBytes(maxBodyBytes + 1);
            if (b.length > maxBodyBytes) {
                throw new HttpError(413, "body: more than the " + maxBodyBytes + " bytes allowed");
            }
            body = b;
            return b;
        } catch (IOException e) {
            throw HttpError.badRequest("body: cannot be read (" + e.getMessage() + ")");
        }
    }

    /** The body as JSON (400 naming where it is broken). */
    public JsonNode json() {
        return Json.parse(body());
    }

    /** The exchange itself, for a handler that streams (Server-Sent Events). */
    public HttpExchange exchange() {
        return exchange;
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return m;
        }
        String[] parts = raw.split("&");
        if (parts.length > MAX_QUERY_PARAMETERS) {
            throw HttpError.badRequest("query: more than " + MAX_QUERY_PARAMETERS + " parameters");
        }
        for (String p : parts) {
            int eq = p.indexOf('=');
            String k = eq < 0 ? p : p.substring(0, eq);
            String v = eq < 0 ? "" : p.substring(eq + 1);
            try {
                m.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw HttpError.badRequest("query: '" + p + "' is not URL-encoded correctly");
            }
        }
        return m;
    }
}
