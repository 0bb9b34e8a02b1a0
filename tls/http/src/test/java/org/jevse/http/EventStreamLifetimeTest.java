package org.jevse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Event streams and the JDK server's books: a stream whose client leaves is forgotten by the server (its answer-age
 * limit, {@code sun.net.httpserver.maxRspTime}), a live stream ends cleanly before that age so the client reconnects,
 * and clients who open streams and leave in a loop hold a bounded number of connections.
 *
 * <p>Runs in its own JVM (tls/http/pom.xml, execution {@code stream-lifetime}) with a small age limit (6 s) and the
 * JDK's connection limit at 40: there a leaked connection shows as a refused request once 40 have leaked.
 */
class EventStreamLifetimeTest {
    private static final int MAX_CLIENTS = 4;
    private static final int DEPARTURES = 120;
    private static final int TIMEOUT_MS = 30_000; // a bound for real sockets on a loaded machine, not a timing

    private ApiServer server;
    private EventStream events;
    private Thread publisher;
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        if (publisher != null) {
            publisher.interrupt();
            publisher.join();
        }
        for (Socket s : sockets) {
            s.close();
        }
        if (events != null) {
            events.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void start() {
        // Only the stream-lifetime execution (tls/http/pom.xml) has the small limits; -Dtest= selects it everywhere.
        assumeTrue("6".equals(System.getProperty("sun.net.httpserver.maxRspTime")), "needs the stream-lifetime JVM");
        events = new EventStream(MAX_CLIENTS);
        server = new ApiServer(new HttpSettings(new ListenAddress("127.0.0.1", 0), true, List.of(), "", "", 1024,
                MAX_CLIENTS), () -> 0L, line -> { });
        server.route("GET", "/api/v1/events", Role.READ, r -> events.open(r, List.of("{\"hello\":1}")));
        server.route("GET", "/api/v1/status", Role.READ, r -> Response.json("{\"state\":\"Idle\"}"));
        server.start();
    }

    /** Publishes an event every 20 ms, so a write to a stream whose client left fails soon. */
    private void publishContinually() {
        publisher = new Thread(() -> {
            for (int n = 0; !Thread.currentThread().isInterrupted(); n++) {
                events.publish("{\"n\":" + n + "}");
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "test-publisher");
        publisher.setDaemon(true);
        publisher.start();
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), TIMEOUT_MS);
        s.setSoTimeout(TIMEOUT_MS);
        return s;
    }

    private static void send(Socket s, String path) throws IOException {
        s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: charger\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
    }

    /** One line without its CRLF, or null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                b.write(c);
            }
        }
        return c == -1 && b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
    }

    /** The status line; the headers after it are read and dropped. */
    private static String head(InputStream in) throws IOException {
        String status = line(in);
        String h;
        while ((h = line(in)) != null && !h.isEmpty()) {
            // a header
        }
        return status == null ? "closed" : status;
    }

    /** Reads chunks until the body's text holds {@code wanted}; fails on the end of the body or the connection. */
    private static String readUntil(InputStream in, String wanted) throws IOException {
        StringBuilder text = new StringBuilder();
        while (!text.toString().contains(wanted)) {
            String size = line(in);
            if (size == null) {
                fail("the connection ended before \"" + wanted + "\"; got: " + text);
            }
            int n = Integer.parseInt(size.trim(), 16);
            if (n == 0) {
                fail("the stream ended before \"" + wanted + "\"; got: " + text);
            }
            text.append(new String(in.readNBytes(n), StandardCharsets.UTF_8));
            line(in);
        }
        return text.toString();
    }

    /** Reads the rest of a chunked body: true when it ended with its last chunk, false when the connection was cut. */
    private static boolean endsCleanly(InputStream in, StringBuilder text) throws IOException {
        while (true) {
            String size = line(in);
            if (size == null) {
                return false;
            }
            int n = Integer.parseInt(size.trim(), 16);
            if (n == 0) {
                line(in); // the empty trailer
                return true;
            }
            byte[] chunk = in.readNBytes(n);
            if (chunk.length < n) {
                return false;
            }
            text.append(new String(chunk, StandardCharsets.UTF_8));
            line(in);
        }
    }

    /** Opens a stream, reads its first event and leaves with a reset (as a killed browser does). */
    private String openAndLeave() throws IOException {
        try (Socket s = connect()) {
            send(s, "/api/v1/events");
            InputStream in = s.getInputStream();
            String status = head(in);
            if (status.contains(" 200 ")) {
                readUntil(in, "data: {\"hello\":1}");
            }
            s.setSoLinger(true, 0);
            return status;
        } catch (SocketTimeoutException e) {
            return "no answer within " + TIMEOUT_MS + " ms";
        } catch (IOException e) {
            return "closed (" + e.getMessage() + ")";
        }
    }

    private String status() throws IOException {
        try (Socket s = connect()) {
            send(s, "/api/v1/status");
            return head(s.getInputStream());
        } catch (IOException e) {
            return "closed (" + e.getMessage() + ")";
        }
    }

    @Test
    void clientsWhoOpenStreamsAndLeaveInALoopHoldABoundedNumberOfConnections() throws Exception {
        start();
        publishContinually();
        int opened = 0;
        int refused = 0;
        for (int i = 0; i < DEPARTURES; i++) {
            String answer = openAndLeave();
            if (answer.contains(" 200 ")) {
                opened++;
            } else if (answer.contains(" 503 ")) {
                refused++;
            } else {
                fail("departure " + i + " (" + opened + " streams opened and left): " + answer);
            }
            if (i % 10 == 0) {
                assertEquals("HTTP/1.1 200 OK", status(), "a status request after " + i + " departures");
            }
        }
        assertTrue(opened >= MAX_CLIENTS, "streams opened: " + opened);
        assertEquals(DEPARTURES, opened + refused);

        // Once the server's timer has forgotten the streams that were left, a legitimate client gets events again.
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (true) {
            Socket s = connect();
            send(s, "/api/v1/events");
            String answer = head(s.getInputStream());
            if (answer.contains(" 200 ")) {
                readUntil(s.getInputStream(), "data: {\"n\":");
                break;
            }
            assertTrue(answer.contains(" 503 "), "a legitimate stream: " + answer);
            assertTrue(System.nanoTime() < deadline, "no stream within " + TIMEOUT_MS + " ms: " + answer);
            s.close();
            Thread.sleep(100);
        }
        assertEquals("HTTP/1.1 200 OK", status());
    }

    @Test
    void aLiveStreamEndsCleanlyBeforeTheServersAgeLimitAndTheReconnectingClientGetsEventsAgain() throws Exception {
        start();
        Socket s = connect();
        InputStream in = s.getInputStream();
        send(s, "/api/v1/events");
        assertEquals("HTTP/1.1 200 OK", head(in));
        StringBuilder text = new StringBuilder();
        assertTrue(endsCleanly(in, text), "the stream was cut without its last chunk; it had: " + text);
        assertTrue(text.toString().contains("data: {\"hello\":1}\n\n"), text.toString());
        assertTrue(text.toString().endsWith("retry: 1000\n\n"), "the reconnection hint ends the stream: " + text);

        // EventSource reconnects: here on the same kept-alive connection, which the server still serves.
        send(s, "/api/v1/events");
        assertEquals("HTTP/1.1 200 OK", head(in));
        readUntil(in, "data: {\"hello\":1}");
        events.publish("{\"n\":1}");
        readUntil(in, "data: {\"n\":1}");
    }
}
