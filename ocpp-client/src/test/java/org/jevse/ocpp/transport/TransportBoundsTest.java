package org.jevse.ocpp.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.enums.Opcode;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.protocols.IProtocol;
import org.java_websocket.protocols.Protocol;
import org.java_websocket.server.WebSocketServer;
import org.junit.jupiter.api.Test;

/**
 * What a CSMS can make the transport hold: a frame or a fragmented message past the bound closes the connection
 * with 1009 (RFC 6455 §7.4.1), one at the bound is delivered; a CSMS that stops reading is disconnected instead
 * of having the answers pile up.
 */
class TransportBoundsTest {
    private static final int BOUND = 64 * 1024;

    /** A CSMS that agrees to ocpp1.6 and sends what the test tells it to. */
    private static final class Csms extends WebSocketServer {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch opened = new CountDownLatch(1);
        volatile WebSocket conn;

        Csms() {
            super(new InetSocketAddress("127.0.0.1", 0),
                    List.of(new Draft_6455(List.of(), List.<IProtocol>of(new Protocol("ocpp1.6")))));
        }

        @Override
        public void onOpen(WebSocket c, ClientHandshake handshake) {
            conn = c;
            opened.countDown();
        }

        @Override
        public void onClose(WebSocket c, int code, String reason, boolean remote) {
        }

        @Override
        public void onMessage(WebSocket c, String message) {
        }

        @Override
        public void onMessage(WebSocket c, ByteBuffer message) {
        }

        @Override
        public void onError(WebSocket c, Exception ex) {
        }

        @Override
        public void onStart() {
            started.countDown();
        }
    }

    private static final class Recorder implements Transport.Listener {
        final List<String> texts = new CopyOnWriteArrayList<>();
        final CountDownLatch opened = new CountDownLatch(1);
        final CountDownLatch closed = new CountDownLatch(1);
        volatile String closeReason;

        @Override
        public void onOpen() {
            opened.countDown();
        }

        @Override
        public void onText(String text) {
            texts.add(text);
        }

        @Override
        public void onClosed(String reason) {
            closeReason = reason;
            closed.countDown();
        }
    }

    private interface Scenario {
        void run(Csms csms, WebSocketTransport t, Recorder r) throws Exception;
    }

    private static void withCsms(Scenario s) throws Exception {
        Csms csms = new Csms();
        csms.start();
        assertTrue(csms.started.await(30, TimeUnit.SECONDS));
        try {
            WebSocketTransport t = new WebSocketTransport(() -> new WebSocketTransport.Settings(
                    "ws://127.0.0.1:" + csms.getPort() + "/ocpp", "CP-B", null, null, 5), 0, BOUND);
            Recorder r = new Recorder();
            t.connect(r);
            assertTrue(r.opened.await(30, TimeUnit.SECONDS), "connected");
            assertTrue(csms.opened.await(30, TimeUnit.SECONDS));
            s.run(csms, t, r);
        } finally {
            csms.stop(1000);
        }
    }

    private static String text(int bytes) {
        return "x".repeat(bytes);
    }

    @Test
    void aFrameAtTheBoundIsDeliveredOneByteMoreClosesWith1009() throws Exception {
        withCsms((csms, t, r) -> {
            csms.conn.send(text(BOUND));
            awaitTexts(r, 1);
            csms.conn.send(text(BOUND + 1));
            assertTrue(r.closed.await(30, TimeUnit.SECONDS), "the connection is closed");
            assertEquals(List.of(BOUND), r.texts.stream().map(String::length).toList());
            assertTrue(r.closeReason.startsWith("closed 1009"), r.closeReason);
        });
    }

    @Test
    void aFrameOf16MiBClosesWith1009WithoutBeingRead() throws Exception {
        withCsms((csms, t, r) -> {
            csms.conn.send(text(16 * 1024 * 1024));
            assertTrue(r.closed.await(30, TimeUnit.SECONDS));
            assertTrue(r.closeReason.startsWith("closed 1009"), r.closeReason);
            assertEquals(List.of(), r.texts);
        });
    }

    @Test
    void aFragmentedMessageIsBoundedAsAWhole() throws Exception {
        withCsms((csms, t, r) -> {
            // under the bound in 1 KiB fragments: delivered as one message
            sendFragmented(csms.conn, BOUND, 1024);
            awaitTexts(r, 1);
            // past the bound, each fragment far below it: closed when the sum passes the bound
            sendFragmented(csms.conn, 4 * BOUND, 1024);
            assertTrue(r.closed.await(30, TimeUnit.SECONDS));
            assertTrue(r.closeReason.startsWith("closed 1009"), r.closeReason);
            assertEquals(List.of(BOUND), r.texts.stream().map(String::length).toList());
        });
    }

    /** Waits (bounded: real sockets) until {@code n} messages arrived. */
    private static void awaitTexts(Recorder r, int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (r.texts.size() < n && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertEquals(n, r.texts.size(), "messages delivered");
    }

    private static void sendFragmented(WebSocket c, int bytes, int fragment) {
        byte[] all = text(bytes).getBytes(StandardCharsets.US_ASCII);
        for (int off = 0; off < all.length; off += fragment) {
            int len = Math.min(fragment, all.length - off);
            c.sendFragmentedFrame(Opcode.TEXT, ByteBuffer.wrap(all, off, len), off + len >= all.length);
        }
    }

    @Test
    void aCsmsThatStopsReadingIsDisconnected() throws Exception {
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    Socket s = server.accept();
                    accepted.add(s); // kept open (and reachable) until the test ends, never read after the handshake
                    handshake(s);
                } catch (Exception e) {
                    // the test fails on its own assertions
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            WebSocketTransport t = new WebSocketTransport(() -> new WebSocketTransport.Settings(
                    "ws://127.0.0.1:" + server.getLocalPort() + "/ocpp", "CP-R", null, null, 5), 0, BOUND);
            Recorder r = new Recorder();
            t.connect(r);
            assertTrue(r.opened.await(30, TimeUnit.SECONDS), "connected");
            String answer = "[3,\"id\",{\"data\":\"" + text(60 * 1024) + "\"}]";
            int sent = 0;
            // Unbounded, 2,000 answers of 60 KiB would be 120 MiB queued; the socket buffers hold a few MiB.
            while (sent < 2_000 && t.send(answer)) {
                sent++;
            }
            assertTrue(sent < 2_000, "sending stopped once the CSMS had not read " + sent + " answers");
            assertTrue(r.closed.await(30, TimeUnit.SECONDS), "disconnected");
            t.close();
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    private static void handshake(Socket s) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
        String key = null;
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            if (line.toLowerCase().startsWith("sec-websocket-key:")) {
                key = line.substring(line.indexOf(':') + 1).trim();
            }
        }
        String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(
                (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
        OutputStream out = s.getOutputStream();
        out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\nSec-WebSocket-Protocol: ocpp1.6\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
