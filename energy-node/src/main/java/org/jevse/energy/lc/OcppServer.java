package org.jevse.energy.lc;

import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.DefaultSSLWebSocketServerFactory;
import org.java_websocket.server.WebSocketServer;
import org.jevse.ocpp.security.AuthorizationKey;
import org.jevse.ocpp.transport.BoundedDraft;

/**
 * The OCPP 1.6J server side of the Local Controller: WebSocket subprotocol {@code ocpp1.6} only, ws or wss,
 * the charger's identity as the last path level, HTTP Basic authentication with its AuthorizationKey (the
 * whitepaper's hex-decoded form or the raw text), and every message bounded by {@link BoundedDraft} as the
 * client's. An unknown charger or a wrong password is refused in the handshake.
 */
final class OcppServer extends WebSocketServer {

    /** What the LC does with a connection; called on Java-WebSocket's threads. */
    interface Listener {
        void opened(WebSocket conn, String chargerId, String authorizationHeader);

        void message(WebSocket conn, String chargerId, String text);

        void closed(WebSocket conn, String chargerId, int code, String reason);
    }

    private static final System.Logger LOG = System.getLogger(OcppServer.class.getName());

    private final Map<String, String> keys;
    private final Listener listener;

    /**
     * @param keys the known chargers and their AuthorizationKey ("" for none)
     */
    OcppServer(InetSocketAddress address, int maxMessageBytes, SSLContext tls, int pingIntervalS,
               Map<String, String> keys, Listener listener) {
        super(address, List.<Draft>of(new BoundedDraft("ocpp1.6", maxMessageBytes)));
        this.keys = Map.copyOf(keys);
        this.listener = listener;
        setReuseAddr(true);
        setConnectionLostTimeout(pingIntervalS);
        if (tls != null) {
            setWebSocketFactory(new DefaultSSLWebSocketServerFactory(tls));
        }
    }

    /** The charger identity: the last level of the request path, URL-decoded; null if there is none. */
    static String chargerId(String resource) {
        String path;
        try {
            path = new URI(resource).getRawPath();
        } catch (Exception e) {
            return null;
        }
        if (path == null || path.endsWith("/")) {
            return null;
        }
        String last = path.substring(path.lastIndexOf('/') + 1);
        String id = URLDecoder.decode(last, StandardCharsets.UTF_8);
        return id.isEmpty() || id.length() > 64 ? null : id;
    }

    @Override
    public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(WebSocket conn, Draft draft,
                                                                       ClientHandshake request)
            throws InvalidDataException {
        ServerHandshakeBuilder b = super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
        String id = chargerId(request.getResourceDescriptor());
        if (id == null || !keys.containsKey(id)) {
            LOG.log(Level.WARNING, "ocpp server: refused " + conn.getRemoteSocketAddress() + ": unknown charger "
                    + (id == null ? "(no id in the path)" : id) + " (not in ocpp_server.chargers)");
            throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, "unknown charger");
        }
        String key = keys.get(id);
        if (!key.isEmpty() && !authorized(id, key, request.getFieldValue("Authorization"))) {
            LOG.log(Level.WARNING, "ocpp server: refused " + id + ": wrong or missing Basic authentication");
            throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, "not authorized");
        }
        return b;
    }

    static boolean authorized(String id, String key, String header) {
        if (header == null || header.isEmpty()) {
            return false;
        }
        byte[] got = header.getBytes(StandardCharsets.UTF_8);
        for (AuthorizationKey.Encoding e : AuthorizationKey.Encoding.values()) {
            String want;
            try {
                want = AuthorizationKey.of(key, e).basicAuthorizationHeader(id, e);
            } catch (IllegalArgumentException bad) {
                continue;
            }
            if (MessageDigest.isEqual(got, want.getBytes(StandardCharsets.UTF_8))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
        String id = chargerId(handshake.getResourceDescriptor());
        conn.setAttachment(id);
        String auth = handshake.getFieldValue("Authorization");
        listener.opened(conn, id, auth == null || auth.isEmpty() ? null : auth);
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        String id = conn.getAttachment();
        if (id != null) {
            listener.closed(conn, id, code, reason);
        }
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        String id = conn.getAttachment();
        if (id != null) {
            listener.message(conn, id, message);
        }
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
        LOG.log(Level.WARNING, "ocpp server: " + (conn == null ? "" : conn.getAttachment() + ": ") + ex);
    }

    @Override
    public void onStart() {
        LOG.log(Level.INFO, "ocpp server: listening on " + getAddress());
    }
}
