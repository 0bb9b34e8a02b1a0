package org.jevse.ocpp.transport;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.logging.Logger;
import javax.net.ssl.SSLSocketFactory;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ServerHandshake;

/**
 * OCPP-J over Java-WebSocket: subprotocol {@code ocpp1.6} (a server that does not agree is refused), URL = CSMS
 * URL + "/" + charge point id, optional HTTP Basic auth (security profiles 1 and 2) and TLS socket factory
 * (profiles 2 and 3), WebSocket pings every {@code pingIntervalS} (0 = off). One {@link WebSocketClient} per
 * connection attempt: the client decides when to try again.
 *
 * <p>A frame or message from the CSMS longer than {@code maxMessageBytes} is refused by closing the connection
 * with 1009 (see {@link BoundedDraft}); the client then reconnects as after any lost connection.
 */
public final class WebSocketTransport implements Transport {
    public static final String SUBPROTOCOL = "ocpp1.6";
    /**
     * The default bound of one message from the CSMS: the largest message a CSMS needs to send this charge point
     * is a full SendLocalList.req of SendLocalListMaxLength (1,000) entries, about 150 bytes each, so 256 KiB
     * leaves room for escapes and white space; charging profiles (ChargingScheduleMaxPeriods 24) and
     * GetConfiguration answers are a few KiB.
     */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 256 * 1024;
    /**
     * Bytes waiting to be written, beyond what the socket buffers hold, at which the CSMS counts as not reading
     * (and is disconnected): a CSMS that keeps to one outstanding CALL (OCPP-J 1.6 §4.1.1) has one or two answers
     * waiting at most, a few KiB.
     */
    static final int MAX_UNSENT_BYTES = 1024 * 1024;
    private static final Logger LOG = Logger.getLogger(WebSocketTransport.class.getName());

    /**
     * What a connection needs, asked for again before every attempt (a changed AuthorizationKey or security
     * profile applies from the next connection).
     *
     * @param authorizationHeader the HTTP Authorization header value (Basic auth), or null for none
     * @param tls                 the socket factory for wss (its SSLContext trusts only the configured CA), or null
     */
    public record Settings(String centralSystemUri, String chargePointId, String authorizationHeader,
                           SSLSocketFactory tls, int connectTimeoutS) {
    }

    private final java.util.function.Supplier<Settings> settings;
    private final int maxMessageBytes;
    private volatile int pingIntervalS;
    private volatile Client current;

    public WebSocketTransport(java.util.function.Supplier<Settings> settings, int pingIntervalS) {
        this(settings, pingIntervalS, DEFAULT_MAX_MESSAGE_BYTES);
    }

    /** @param maxMessageBytes the longest frame or fragmented message accepted from the CSMS (ocpp.max_message_bytes) */
    public WebSocketTransport(java.util.function.Supplier<Settings> settings, int pingIntervalS, int maxMessageBytes) {
        if (maxMessageBytes < 1) {
            throw new IllegalArgumentException("maxMessageBytes " + maxMessageBytes);
        }
        this.settings = settings;
        this.pingIntervalS = pingIntervalS;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** The endpoint: the configured URL, a '/' if it has none at the end, and the URL-encoded charge point id. */
    public static URI endpoint(String centralSystemUri, String chargePointId) {
        String base = centralSystemUri.endsWith("/") ? centralSystemUri : centralSystemUri + "/";
        return URI.create(base + URLEncoder.encode(chargePointId, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    /** HTTP Basic credentials: the charge point id as user, the key bytes as password (Security Whitepaper §2.4). */
    public static String basicAuthHeader(String chargePointId, byte[] password) {
        byte[] user = (chargePointId + ":").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[user.length + password.length];
        System.arraycopy(user, 0, all, 0, user.length);
        System.arraycopy(password, 0, all, user.length, password.length);
        return "Basic " + Base64.getEncoder().encodeToString(all);
    }

    /** Applies at once to the open connection and to later ones. */
    public void setPingIntervalS(int seconds) {
        this.pingIntervalS = Math.max(0, seconds);
        Client c = current;
        if (c != null) {
            c.setConnectionLostTimeout(this.pingIntervalS);
        }
    }

    @Override
    public void connect(Listener listener) {
        Settings s = settings.get();
        URI uri = endpoint(s.centralSystemUri(), s.chargePointId());
        Map<String, String> headers = new java.util.HashMap<>();
        if (s.authorizationHeader() != null) {
            headers.put("Authorization", s.authorizationHeader());
        }
        Client c = new Client(uri, headers, listener, Math.max(1, s.connectTimeoutS()) * 1000);
        if (s.tls() != null) {
            c.setSocketFactory(s.tls());
        } else if ("wss".equalsIgnoreCase(uri.getScheme())) {
            listener.onClosed("wss URL without a TLS configuration");
            return;
        }
        c.setConnectionLostTimeout(pingIntervalS);
        current = c;
        c.connect();
    }

    @Override
    public boolean send(String text) {
        Client c = current;
        if (c == null || !c.isOpen() || !c.agreed) {
            return false;
        }
        if (c.backlogged()) {
            // The CSMS does not read what it is sent (it may still be sending): without this, the answers and
            // pongs would pile up in memory.
            LOG.warning("the CSMS has not read the last " + MAX_UNSENT_BYTES / 1024
                    + " KiB sent to it: closing the connection");
            c.closeConnection(CloseFrame.POLICY_VALIDATION, "the CSMS does not read");
            return false;
        }
        try {
            c.send(text);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        Client c = current;
        current = null;
        if (c != null) {
            c.silence();
            c.close();
        }
    }

    private final class Client extends WebSocketClient {
        private final Listener listener;
        private volatile boolean agreed;
        private volatile boolean reported;
        /** The last error, named in the close reason (a TLS handshake failure tells why the server was refused). */
        private volatile Exception error;

        Client(URI uri, Map<String, String> headers, Listener listener, int connectTimeoutMs) {
            super(uri, new BoundedDraft(SUBPROTOCOL, maxMessageBytes), headers, connectTimeoutMs);
            this.listener = listener;
        }

        void silence() {
            reported = true;
        }

        boolean backlogged() {
            if (!(getConnection() instanceof WebSocketImpl w) || w.outQueue.size() < 16) {
                return false; // the usual case, without walking the queue
            }
            long unsent = 0;
            for (java.nio.ByteBuffer b : w.outQueue) {
                unsent += b.remaining();
            }
            return unsent >= MAX_UNSENT_BYTES;
        }

        /** RFC 6455 §5.5.3 lets a pong answer only the latest ping: none is queued behind unread frames. */
        @Override
        public void onWebsocketPing(WebSocket conn, Framedata f) {
            if (!backlogged()) {
                super.onWebsocketPing(conn, f);
            }
        }

        @Override
        public void onOpen(ServerHandshake handshake) {
            String p = handshake.getFieldValue("Sec-WebSocket-Protocol");
            if (!SUBPROTOCOL.equals(p == null ? "" : p.trim())) {
                LOG.warning("CSMS did not agree to " + SUBPROTOCOL + " (answered '" + p + "'): closing");
                close(1002, "subprotocol " + SUBPROTOCOL + " required");
                return;
            }
            agreed = true;
            if (current == this) {
                listener.onOpen();
            }
        }

        @Override
        public void onMessage(String message) {
            if (agreed && current == this) {
                listener.onText(message);
            }
        }

        @Override
        public void onClose(int code, String reason, boolean remote) {
            if (code == CloseFrame.TOOBIG && !remote) {
                LOG.warning("the CSMS sent a message longer than " + maxMessageBytes
                        + " bytes (ocpp.max_message_bytes): closed the connection with 1009, reconnecting");
            }
            Exception e = error;
            report("closed " + code + (reason == null || reason.isEmpty() ? "" : " " + reason)
                    + (e == null ? "" : " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")"));
        }

        @Override
        public void onError(Exception ex) {
            LOG.fine(() -> "WebSocket error: " + ex);
            error = ex;
        }

        private void report(String why) {
            if (!reported) {
                reported = true;
                if (current == this) {
                    current = null;
                }
                listener.onClosed(why);
            }
        }
    }
}
