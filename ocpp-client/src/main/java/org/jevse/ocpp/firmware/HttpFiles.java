package org.jevse.ocpp.firmware;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/**
 * HTTP(S) transfers of signed firmware and log files, in the forms the FirmwareManagement profile uses: GET into a
 * file (through a temporary file, moved into place when complete), and POST multipart/form-data with one part
 * {@code file}. Only http and https locations.
 */
public final class HttpFiles {
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(10);

    private final HttpClient http;

    /** @param http the client (its SSL context decides which servers are trusted), or null for the JDK default */
    public HttpFiles(HttpClient http) {
        this.http = http != null ? http : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** GETs {@code location} into {@code target}, through a temporary file moved into place when complete. */
    public void download(String location, Path target) throws IOException, InterruptedException {
        URI uri = httpUri(location);
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), ".download.", ".tmp");
        try {
            HttpResponse<Path> r = http.send(HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofFile(tmp));
            if (r.statusCode() / 100 != 2) {
                throw new IOException("HTTP " + r.statusCode());
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** POSTs {@code content} as multipart/form-data, one part {@code file} named {@code fileName}. */
    public void upload(String location, String fileName, String contentType, byte[] content)
            throws IOException, InterruptedException {
        URI uri = httpUri(location);
        String boundary = "jevse-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.write(content);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() / 100 != 2) {
            throw new IOException("HTTP " + r.statusCode());
        }
    }

    /** The location as a URI; an IOException names it when it is no http or https URI. */
    public static URI httpUri(String location) throws IOException {
        URI uri;
        try {
            uri = URI.create(location);
        } catch (IllegalArgumentException e) {
            throw new IOException("not a URI: " + location);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IOException("unsupported location scheme: " + location);
        }
        return uri;
    }
}
