package org.jevse.energy.mqtt;

import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** The subscriptions of an {@link MqttLink}: topic filters and their handlers, and the delivery of a message. */
final class TopicRouter {

    private static final System.Logger LOG = System.getLogger(MqttLink.class.getName());

    private final String clientId;
    private final Map<String, MqttLink.Handler> subscriptions = new ConcurrentHashMap<>();

    TopicRouter(String clientId) {
        this.clientId = clientId;
    }

    void put(String filter, MqttLink.Handler handler) {
        subscriptions.put(filter, handler);
    }

    /** The filters to subscribe to, after every (re)connect. */
    Set<String> filters() {
        return subscriptions.keySet();
    }

    /** Hands the message to every handler whose filter matches; a failing handler is logged, the others still run. */
    void dispatch(String topic, MqttMessage message) {
        long expiry = -1;
        MqttProperties p = message.getProperties();
        if (p != null && p.getMessageExpiryInterval() != null) {
            expiry = p.getMessageExpiryInterval();
        }
        for (Map.Entry<String, MqttLink.Handler> e : subscriptions.entrySet()) {
            if (matches(e.getKey(), topic)) {
                try {
                    e.getValue().onMessage(topic, message.getPayload(), expiry);
                } catch (RuntimeException ex) {
                    // A handler bug must not kill Paho's callback thread (that would stop all delivery).
                    LOG.log(Level.ERROR, clientId + ": handler for " + topic + " failed", ex);
                }
            }
        }
    }

    /** MQTT topic filter matching with + and #. */
    static boolean matches(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length) {
                return false;
            }
            if (!f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }
}
