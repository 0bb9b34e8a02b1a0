package org.jevse.energy.lc;

import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.DefaultSSLWebSocketServerFactory;
import org.java_websocket.server.WebSocketServer;
import org.jevse.config.TopicLevel;
import org.jevse.ocpp.transport.BoundedDraft;

/**
 * The OCPP 1.6J server side of the Local Controller: WebSocket subprotocol {@code ocpp1.6} only, ws or wss,
 * the charger's identity as the last path level, HTTP Basic authentication with its AuthorizationKey (the
 * whitepaper's hex-decoded form or the raw text; {@link Credentials}), and every message bounded by
 * {@link BoundedDraft} as the client's. An unknown charger is refused in the handshake unless auto_register lets
 * it register; a missing or wrong password is answered 401.
 */
final class OcppServer extends WebSocketServer {

    /** What the LC does with a connection; called on Java-WebSocket's threads. */
    interface Listener {
        void opened(WebSocket conn, String chargerId, String authorizationHeader);

        void message(WebSocket conn, String chargerId, String text);

        void closed(WebSocket conn, String chargerId, int code, String reason);
    }

    private static final System.Logger LOG = System.getLogger(OcppServer.class.getName());

    /** RFC 7235: the answer to a handshake without the right credentials. */
    static final String UNAUTHORIZED = "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"ocpp\"\r\n"
            + "Content-Length: 0\r\nConnection: close\r\n\r\n";

    private final ChargerRegistry registry;
    private final boolean autoRegister;
    private final Listener listener;

    /**
     * @param registry     the known chargers and what they must present
     * @param autoRegister an unknown charger registers itself (within the registry's bound)
     */
    OcppServer(InetSocketAddress address, int maxMessageBytes, SSLContext tls, int pingIntervalS,
               ChargerRegistry registry, boolean autoRegister, Listener listener) {
        super(address, List.<Draft>of(new BoundedDraft("ocpp1.6", maxMessageBytes)));
        this.registry = registry;
        this.autoRegister = autoRegister;
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
        if (id == null || !registry.known(id) && !registered(id)) {
            LOG.log(Level.WARNING, "ocpp server: refused " + conn.getRemoteSocketAddress() + ": unknown charger "
                    + (id == null ? "(no id in the path)" : id) + " (not in ocpp_server.chargers"
                    + (autoRegister ? "; auto_register refused it" : "") + ")");
            throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, "unknown charger");
        }
        if (!registry.authorized(id, request.getFieldValue("Authorization"))) {
            LOG.log(Level.WARNING, "ocpp server: refused " + id + ": wrong or missing Basic authentication (401)");
            unauthorized(conn);
            throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, "not authorized");
        }
        return b;
    }

    /** auto_register: an unknown id with a valid leaf id registers, within the bound. */
    private boolean registered(String id) {
        if (!autoRegister) {
            return false;
        }
        try {
            if (TopicLevel.valid(id) && registry.register(id)) {
                LOG.log(Level.INFO, "ocpp server: " + id + " registered automatically (ocpp_server.auto_register)");
                return true;
            }
        } catch (java.io.IOException e) {
            LOG.log(Level.ERROR, "ocpp server: cannot store the registration of " + id + " in ocpp_server.data_dir: "
                    + e.getMessage());
        }
        return false;
    }

    /**
     * Java-WebSocket answers every refused handshake with 404: the 401 goes out first (its connection closes after
     * it), so the charger learns that its credentials are wrong.
     */
    private static void unauthorized(WebSocket conn) {
        if (conn instanceof WebSocketImpl impl) {
            impl.outQueue.add(ByteBuffer.wrap(UNAUTHORIZED.getBytes(StandardCharsets.US_ASCII)));
        }
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
