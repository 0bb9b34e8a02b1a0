package org.jevse.evse.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A plain HTTP client for the API tests: real sockets, Basic credentials or none. */
public final class ApiClient {
    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;
    private String authorization;

    public ApiClient(int port) {
        this.port = port;
    }

    /** Sends Basic credentials from now on (null: none). */
    public ApiClient as(String user, String password) {
        authorization = user == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public HttpResponse<String> get(String path) throws Exception {
        return send(builder(path).GET());
    }

    public HttpResponse<String> post(String path, String json) throws Exception {
        return send(builder(path).POST(HttpRequest.BodyPublishers.ofString(json)).header("Content-Type", "application/json"));
    }

    public HttpResponse<String> put(String path, String json) throws Exception {
        return send(builder(path).PUT(HttpRequest.BodyPublishers.ofString(json)).header("Content-Type", "application/json"));
    }

    public HttpResponse<String> delete(String path) throws Exception {
        return send(builder(path).DELETE());
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpRequest.Builder builder(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
