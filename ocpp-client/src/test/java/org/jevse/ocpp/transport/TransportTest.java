package org.jevse.ocpp.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.jevse.ocpp.testkit.CsmsPeer;
import org.junit.jupiter.api.Test;

/** The WebSocket layer: subprotocol enforcement, URL and Basic credentials, and the reconnect backoff. */
class TransportTest {

    /** A server that accepts any client but answers without a Sec-WebSocket-Protocol header. */
    private static final class NoProtocolServer extends WebSocketServer {
        final List<String> messages = new CopyOnWriteArrayList<>();
        final List<String> paths = new CopyOnWriteArrayList<>();
        final CountDownLatch started = new CountDownLatch(1);

        NoProtocolServer() {
            super(new InetSocketAddress("127.0.0.1", 0));
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            paths.add(handshake.getResourceDescriptor());
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            messages.add(message);
        }

        @Override
        public void onMessage(WebSocket conn, ByteBuffer message) {
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
        }

        @Override
        public void onStart() {
            started.countDown();
        }
    }

    private static final class Recorder implements Transport.Listener {
        final CountDownLatch closed = new CountDownLatch(1);
        volatile boolean opened;

        @Override
        public void onOpen() {
            opened = true;
        }

        @Override
        public void onText(String text) {
        }

        @Override
        public void onClosed(String reason) {
            closed.countDown();
        }
    }

    @Test
    void aServerThatDoesNotAgreeToOcpp16IsRefused() throws Exception {
        NoProtocolServer server = new NoProtocolServer();
        server.start();
        assertTrue(server.started.await(30, TimeUnit.SECONDS));
        try {
            WebSocketTransport t = new WebSocketTransport(() -> new WebSocketTransport.Settings(
                    "ws://127.0.0.1:" + server.getPort() + "/ocpp", "CP 1", null, null, 5), 0);
            Recorder r = new Recorder();
            t.connect(r);
            assertTrue(r.closed.await(30, TimeUnit.SECONDS), "the client gives up on the connection");
            assertFalse(r.opened, "never reported as open");
            assertFalse(t.send("[2,\"1\",\"Heartbeat\",{}]"));
            assertTrue(server.messages.isEmpty());
        } finally {
            server.stop(1000);
        }
    }

    @Test
    void anOcppRpcServerWithoutTheSubprotocolIsRefusedToo() throws Exception {
        try (CsmsPeer csms = CsmsPeer.start("--no-protocol")) {
            WebSocketTransport t = new WebSocketTransport(() -> new WebSocketTransport.Settings(csms.uri(), "CP-NP",
                    null, null, 5), 0);
            Recorder r = new Recorder();
            t.connect(r);
            assertTrue(r.closed.await(60, TimeUnit.SECONDS));
            assertFalse(r.opened);
            assertTrue(csms.calls().isEmpty());
        }
    }

    @Test
    void endpointAndCredentials() {
        assertEquals("ws://h:9000/ocpp/CP-1", WebSocketTransport.endpoint("ws://h:9000/ocpp/", "CP-1").toString());
        assertEquals("ws://h:9000/ocpp/CP-1", WebSocketTransport.endpoint("ws://h:9000/ocpp", "CP-1").toString());
        assertEquals("ws://h/x/CP%201%2F2", WebSocketTransport.endpoint("ws://h/x", "CP 1/2").toString());
        // RFC 7617 example shape: "Basic " + base64("id:password")
        assertEquals("Basic Q1AtMTpzZWNyZXQ=", WebSocketTransport.basicAuthHeader("CP-1",
                "secret".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void backoffDoublesUpToTheCapWithBoundedJitter() {
        Backoff b = new Backoff(1000, 8000, 500, new SplittableRandom(3));
        long[] base = {1000, 2000, 4000, 8000, 8000};
        for (long expected : base) {
            long d = b.nextDelayMs();
            assertTrue(d >= expected && d <= expected + 500, d + " for base " + expected);
        }
        b.reset();
        assertTrue(b.nextDelayMs() <= 1500);
        // jitter actually varies
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < 20; i++) {
            b.reset();
            seen.add(b.nextDelayMs());
        }
        assertTrue(seen.size() > 5);
    }
}
