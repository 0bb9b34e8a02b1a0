package org.jevse.ocpp.transport;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import javax.net.ssl.SSLSocketFactory;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.ServerHandshake;
import org.java_websocket.protocols.IProtocol;
import org.java_websocket.protocols.Protocol;

/**
 * OCPP-J over Java-WebSocket: subprotocol {@code ocpp1.6} (a server that does not agree is refused), URL = CSMS
 * URL + "/" + charge point id, optional HTTP Basic auth (security profiles 1 and 2) and TLS socket factory
 * (profiles 2 and 3), WebSocket pings every {@code pingIntervalS} (0 = off). One {@link WebSocketClient} per
 * connection attempt: the client decides when to try again.
 */
public final class WebSocketTransport implements Transport {
    public static final String SUBPROTOCOL = "ocpp1.6";
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
    private volatile int pingIntervalS;
    private volatile Client current;

    public WebSocketTransport(java.util.function.Supplier<Settings> settings, int pingIntervalS) {
        this.settings = settings;
        this.pingIntervalS = pingIntervalS;
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

        Client(URI uri, Map<String, String> headers, Listener listener, int connectTimeoutMs) {
            super(uri, new Draft_6455(List.of(), List.<IProtocol>of(new Protocol(SUBPROTOCOL))), headers,
                    connectTimeoutMs);
            this.listener = listener;
        }

        void silence() {
            reported = true;
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
            report("closed " + code + (reason == null || reason.isEmpty() ? "" : " " + reason));
        }

        @Override
        public void onError(Exception ex) {
            LOG.fine(() -> "WebSocket error: " + ex);
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
