package org.jevse.energy.lc;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;
import org.jevse.ocpp.transport.BoundedDraft;

/**
 * LC mode: one charger's connection to the operator's CSMS, as the charger itself would open it (its identity as
 * the last path level, its own Authorization header passed through, subprotocol ocpp1.6, messages bounded).
 */
final class Upstream extends WebSocketClient {

    interface Listener {
        void upstreamOpened();

        void upstreamMessage(String text);

        void upstreamClosed(int code, String reason);
    }

    private final Listener listener;

    Upstream(String upstreamUrl, String chargerId, String authorizationHeader, int maxMessageBytes, SSLContext tls,
             Listener listener) {
        super(uri(upstreamUrl, chargerId), new BoundedDraft("ocpp1.6", maxMessageBytes), headers(authorizationHeader),
                10_000);
        this.listener = listener;
        if (tls != null) {
            setSocketFactory(tls.getSocketFactory());
        }
    }

    static URI uri(String upstreamUrl, String chargerId) {
        String base = upstreamUrl.endsWith("/") ? upstreamUrl : upstreamUrl + "/";
        return URI.create(base + URLEncoder.encode(chargerId, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    private static Map<String, String> headers(String authorizationHeader) {
        Map<String, String> h = new HashMap<>();
        if (authorizationHeader != null) {
            h.put("Authorization", authorizationHeader);
        }
        return h;
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
        listener.upstreamOpened();
    }

    @Override
    public void onMessage(String message) {
        listener.upstreamMessage(message);
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
        listener.upstreamClosed(code, reason);
    }

    @Override
    public void onError(Exception ex) {
        // onClose follows with the reason
    }
}
