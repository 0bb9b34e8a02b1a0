package org.jevse.energy.lc;

import org.jevse.energy.mqtt.BrokerTests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.ServerHandshake;
import org.java_websocket.protocols.IProtocol;
import org.java_websocket.protocols.Protocol;
import org.jevse.ocpp.security.AuthorizationKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LC's WebSocket server on a loopback port: the charger id from the path, HTTP Basic with the charger's
 * AuthorizationKey (hex-decoded as the whitepaper reads it, or raw; a wrong one is answered 401), subprotocol
 * ocpp1.6 only, unknown chargers refused unless auto_register lets them register (bounded, kept in the data dir),
 * and a message over max_message_bytes closes the connection.
 */
class OcppServerHandshakeTest {

    static final String KEY = "0123456789abcdef0123456789abcdef";
    final List<String> opened = new CopyOnWriteArrayList<>();
    final List<String> messages = new CopyOnWriteArrayList<>();
    @TempDir
    Path dir;
    OcppServer server;
    int port;

    @BeforeEach
    void start() throws Exception {
        start(false);
    }

    void start(boolean autoRegister) throws Exception {
        if (server != null) {
            server.stop(1000);
        }
        port = BrokerTests.freePort();
        ChargerRegistry registry = new ChargerRegistry(Map.of("open", "", "locked", KEY), Set.of("mqtt1"), dir, 2);
        server = new OcppServer(new InetSocketAddress("127.0.0.1", port), 4096, null, 0,
                registry, autoRegister, new OcppServer.Listener() {
                    @Override
                    public void opened(WebSocket conn, String chargerId, String auth) {
                        opened.add(chargerId);
                    }

                    @Override
                    public void message(WebSocket conn, String chargerId, String text) {
                        messages.add(chargerId + ":" + text.length());
                    }

                    @Override
                    public void closed(WebSocket conn, String chargerId, int code, String reason) {
                    }
                });
        server.start();
        int listening = port;
        // start() binds on its own thread: wait (bounded) until the port accepts connections.
        assertTrue(org.jevse.energy.mqtt.BrokerTests.await(10_000, () -> {
            try (java.net.Socket probe = new java.net.Socket("127.0.0.1", listening)) {
                return true;
            } catch (java.io.IOException e) {
                return false;
            }
        }), "the server listens");
    }

    @AfterEach
    void stop() throws Exception {
        server.stop(1000);
    }

    WebSocketClient client(String path, String protocol, String auth) throws Exception {
        Draft_6455 draft = new Draft_6455(List.of(), List.<IProtocol>of(new Protocol(protocol)));
        WebSocketClient c = new WebSocketClient(URI.create("ws://127.0.0.1:" + port + path), draft,
                auth == null ? Map.of() : Map.of("Authorization", auth), 5000) {
            @Override
            public void onOpen(ServerHandshake h) {
            }

            @Override
            public void onMessage(String m) {
            }

            @Override
            public void onClose(int code, String reason, boolean remote) {
            }

            @Override
            public void onError(Exception e) {
            }
        };
        c.connectBlocking(5, TimeUnit.SECONDS);
        return c;
    }

    @Test
    void aKnownChargerWithoutKeyIsAcceptedAndOnlyWithOcpp16() throws Exception {
        WebSocketClient ok = client("/ocpp/open", "ocpp1.6", null);
        assertTrue(ok.isOpen());
        assertTrue(org.jevse.energy.mqtt.BrokerTests.await(5_000, () -> opened.contains("open")));
        ok.close();
        assertFalse(client("/ocpp/open", "ocpp2.0.1", null).isOpen(), "subprotocol ocpp1.6 only");
        assertFalse(client("/ocpp/stranger", "ocpp1.6", null).isOpen(), "a charger not in ocpp_server.chargers");
        assertFalse(client("/", "ocpp1.6", null).isOpen(), "no charger id in the path");
    }

    @Test
    void aChargerWithAKeyNeedsItsBasicAuthentication() throws Exception {
        assertFalse(client("/locked", "ocpp1.6", null).isOpen(), "no Authorization header");
        String wrong = AuthorizationKey.of("fedcba9876543210fedcba9876543210", AuthorizationKey.Encoding.RAW)
                .basicAuthorizationHeader("locked", AuthorizationKey.Encoding.RAW);
        assertFalse(client("/locked", "ocpp1.6", wrong).isOpen(), "a wrong key");
        for (AuthorizationKey.Encoding e : AuthorizationKey.Encoding.values()) {
            String good = AuthorizationKey.of(KEY, e).basicAuthorizationHeader("locked", e);
            WebSocketClient c = client("/locked", "ocpp1.6", good);
            assertTrue(c.isOpen(), "the key " + e);
            c.close();
        }
        String otherUser = AuthorizationKey.of(KEY, AuthorizationKey.Encoding.RAW)
                .basicAuthorizationHeader("open", AuthorizationKey.Encoding.RAW);
        assertFalse(client("/locked", "ocpp1.6", otherUser).isOpen(), "the user must be the charger's id");
    }

    /** The status line the server answers a raw WebSocket upgrade request with. */
    String statusLine(String path, String auth) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Protocol: ocpp1.6\r\n" + (auth == null ? "" : "Authorization: " + auth + "\r\n")
                    + "\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\r'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString();
        }
    }

    @Test
    void aWrongOrMissingKeyIsAnswered401AtTheHandshake() throws Exception {
        assertEquals("HTTP/1.1 401 Unauthorized", statusLine("/locked", null), "no Authorization header");
        String wrong = AuthorizationKey.of("fedcba9876543210fedcba9876543210", AuthorizationKey.Encoding.HEX_DECODED)
                .basicAuthorizationHeader("locked", AuthorizationKey.Encoding.HEX_DECODED);
        assertEquals("HTTP/1.1 401 Unauthorized", statusLine("/locked", wrong), "a wrong key");
        String good = AuthorizationKey.of(KEY, AuthorizationKey.Encoding.HEX_DECODED)
                .basicAuthorizationHeader("locked", AuthorizationKey.Encoding.HEX_DECODED);
        String ok = statusLine("/locked", good);
        assertTrue(ok.startsWith("HTTP/1.1 101 "), "the right key: " + ok);
    }

    @Test
    void unknownChargersRegisterOnlyWhenAllowedWithinTheBoundAndAreKept() throws Exception {
        assertFalse(client("/new1", "ocpp1.6", null).isOpen(), "auto_register off: refused in the handshake");
        start(true);
        assertTrue(client("/new1", "ocpp1.6", null).isOpen(), "auto_register: it registers");
        assertTrue(client("/new2", "ocpp1.6", null).isOpen());
        assertFalse(client("/new3", "ocpp1.6", null).isOpen(), "auto_register_max_chargers 2 reached");
        assertFalse(client("/mqtt1", "ocpp1.6", null).isOpen(), "the id of another leaf of the tree is never taken");
        ChargerRegistry again = new ChargerRegistry(Map.of("open", ""), Set.of(), dir, 2);
        assertEquals(Set.of("new1", "new2"), again.autoRegistered(), "kept in the data dir for the next start");
        assertTrue(Files.readString(dir.resolve(ChargerRegistry.FILE)).contains("auto.new1=true"));
    }

    @Test
    void aMessageOverTheBoundClosesTheConnection() throws Exception {
        WebSocketClient c = client("/open", "ocpp1.6", null);
        c.send("[2,\"1\",\"Heartbeat\",{}]");
        c.send("x".repeat(5000));
        assertTrue(org.jevse.energy.mqtt.BrokerTests.await(5_000, () -> c.isClosed()), "closed (1009)");
        assertEquals(List.of("open:" + "[2,\"1\",\"Heartbeat\",{}]".length()), messages);
    }

    @Test
    void theChargerIdIsTheLastPathLevel() {
        assertEquals("CP 1", OcppServer.chargerId("/ocpp/CP%201"));
        assertNull(OcppServer.chargerId("/ocpp/"));
        assertNull(OcppServer.chargerId("/" + "x".repeat(65)));
    }
}
