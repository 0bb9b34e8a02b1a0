package org.jevse.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** What a handler answers: a status, a content type, the bytes and extra headers. */
public record Response(int status, String contentType, byte[] body, Map<String, String> headers) {

    public static final String JSON = "application/json; charset=utf-8";

    public static Response json(Object value) {
        return json(200, value);
    }

    public static Response json(int status, Object value) {
        String text = value instanceof String s ? s : Json.write(value);
        return new Response(status, JSON, text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static Response text(String contentType, String text) {
        return new Response(200, contentType, text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** 204: done, nothing to say. */
    public static Response noContent() {
        return new Response(204, null, new byte[0], Map.of());
    }

    public Response withHeader(String name, String value) {
        Map<String, String> h = new java.util.LinkedHashMap<>(headers);
        h.put(name, value);
        return new Response(status, contentType, body, Map.copyOf(h));
    }
}
