package org.jevse.energy.mqtt;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.jevse.config.BrokerConnection;
import org.jevse.tls.PemTls;

/**
 * One MQTT 5 connection (Eclipse Paho v5) that survives broker restarts.
 *
 * <p>Paho's automatic reconnect only covers a connection that once succeeded, so {@link #start()} retries the first
 * connect itself ({@link FirstConnect}). With clean start every (re)connect begins without subscriptions, so they
 * are made again in {@code connectComplete} each time.
 *
 * <p>Every connection announces a Maximum Packet Size in CONNECT (MQTT 5 §3.1.2.11.4), so the broker never delivers
 * a larger message to it (Mosquitto drops it for this client; the other subscribers still get it). The same size is
 * checked on the incoming bytes ({@link PacketLimit}) and on what this link publishes: Paho 1.2.5 compares outgoing
 * packets with the client's own maximum, and closes the connection when one is larger.
 */
public final class MqttLink implements AutoCloseable {

    /** Receives a message: topic, payload, and the remaining message expiry in seconds (or -1 if none). */
    public interface Handler {
        void onMessage(String topic, byte[] payload, long expirySeconds);
    }

    private static final System.Logger LOG = System.getLogger(MqttLink.class.getName());

    /**
     * The maximum packet size of the constructors without one: the charger's default
     * ({@code energy.maximum_packet_size}). The contract's messages are under 1 KiB.
     */
    public static final int DEFAULT_MAXIMUM_PACKET_SIZE = 16 * 1024;

    /** Added to a payload and its topic for the rest of a PUBLISH packet (fixed header, lengths, id, expiry). */
    private static final int PUBLISH_OVERHEAD = 16;

    private final String url;
    private final String clientId;
    private final TopicRouter subscriptions;
    private final List<Runnable> onConnect = new CopyOnWriteArrayList<>();
    private final MqttAsyncClient client;
    private final int maximumPacketSize;
    private final Set<String> tooLargeLogged = ConcurrentHashMap.newKeySet();
    private final FirstConnect connector;

    /**
     * The link a configuration section describes ({@code mqtt:} or {@code energy:}): its URL, credentials, TLS files
     * and maximum packet size.
     *
     * @throws IllegalArgumentException with one line naming the URL or file and what is wrong
     */
    public MqttLink(BrokerConnection broker, String clientId, Will will) {
        this(broker.brokerUrl(), clientId, broker.username(), broker.password(), will,
                new Tls(broker.caFile(), broker.clientCertFile(), broker.clientKeyFile()), broker.maximumPacketSize());
    }

    /**
     * @param url      tcp://host:port or ssl://host:port (TLS uses the JVM's default trust store)
     * @param username empty for none
     * @param will     optional last will: topic and payload (retained, QoS 1), or null
     */
    public MqttLink(String url, String clientId, String username, String password, Will will) {
        this(url, clientId, username, password, will, null);
    }

    /**
     * TLS material as PEM files; an empty path means "not set". With no CA file an ssl:// link trusts the JVM's
     * trust store; with a certificate and key file the client authenticates itself (mutual TLS). The key must be an
     * unencrypted PKCS#8 key (BEGIN PRIVATE KEY), RSA or EC.
     */
    public record Tls(String caFile, String certFile, String keyFile) {
        /** True if any of the three files is set. */
        public boolean any() {
            return !PemTls.empty(caFile) || !PemTls.empty(certFile) || !PemTls.empty(keyFile);
        }
    }

    /**
     * @param tls PEM files for an ssl:// URL, or null for the JVM's defaults
     * @throws IllegalArgumentException with one line naming the URL or file and what is wrong: a bad URL, TLS files
     *                                  with a URL that is not ssl://, or a missing, unreadable or malformed file
     */
    public MqttLink(String url, String clientId, String username, String password, Will will, Tls tls) {
        this(url, clientId, username, password, will, tls, DEFAULT_MAXIMUM_PACKET_SIZE);
    }

    /**
     * @param maximumPacketSize the largest MQTT packet in bytes this link receives or sends: announced to the broker
     *                          in CONNECT, checked on every incoming packet, and on every publish
     */
    public MqttLink(String url, String clientId, String username, String password, Will will, Tls tls,
                    int maximumPacketSize) {
        this.url = url;
        this.clientId = clientId;
        this.maximumPacketSize = maximumPacketSize;
        this.subscriptions = new TopicRouter(clientId);
        // Files first: a bad file is reported before anything is created.
        MqttConnectionOptions options = LinkOptions.of(url, tls, maximumPacketSize, username, password, will);
        try {
            this.client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("bad broker URL " + url + ": " + e.getMessage(), e);
        }
        this.connector = new FirstConnect(client, options, url, clientId);
        client.setCallback(new Callback());
    }

    /** Paho's callbacks: logs, dispatch of messages, and subscriptions made again after each (re)connect. */
    private final class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse r) {
            MqttException e = r.getException();
            String why = r.getReasonString() != null ? r.getReasonString()
                    : e == null ? "connection lost"
                    : e.getCause() != null ? e.getMessage() + ": " + e.getCause().getMessage() : e.getMessage();
            LOG.log(Level.WARNING, clientId + ": disconnected from " + url + ": " + why);
        }

        @Override
        public void mqttErrorOccurred(MqttException e) {
            LOG.log(Level.WARNING, clientId + ": MQTT error: " + e.getMessage());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            subscriptions.dispatch(topic, message);
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            LOG.log(Level.INFO, clientId + (reconnect ? ": reconnected to " : ": connected to ") + serverURI);
            resubscribe();
            for (Runnable r : onConnect) {
                r.run();
            }
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }

    /** A last will. */
    public record Will(String topic, byte[] payload) {
    }

    /** Subscribes (now if connected, and after every reconnect). Topic filters may use + and #. */
    public void subscribe(String filter, Handler handler) {
        subscriptions.put(filter, handler);
        if (client.isConnected()) {
            subscribeOne(filter);
        }
    }

    /** Runs after every successful (re)connect, after the subscriptions. */
    public void onConnect(Runnable r) {
        onConnect.add(r);
    }

    /** Starts connecting in the background, retrying until the first connect succeeds or {@link #close()}. */
    public void start() {
        connector.start();
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    /**
     * Publishes without waiting. Dropped (returns false) while disconnected: every message of the energy tree is
     * superseded within a second, and leases make a lost one safe. A message that would not fit the maximum packet
     * size is dropped too, with one warning per topic: sent, it would close this connection (Paho) or be dropped
     * by the broker for every subscriber with that limit.
     *
     * @param expirySeconds MQTT 5 message expiry, or 0 for none
     */
    public boolean publish(String topic, byte[] payload, int qos, boolean retain, long expirySeconds) {
        if (!fits(topic, payload)) {
            return false;
        }
        if (!client.isConnected()) {
            return false;
        }
        MqttMessage m = new MqttMessage(payload);
        m.setQos(qos);
        m.setRetained(retain);
        if (expirySeconds > 0) {
            MqttProperties p = new MqttProperties();
            p.setMessageExpiryInterval(expirySeconds);
            m.setProperties(p);
        }
        try {
            client.publish(topic, m);
            return true;
        } catch (MqttException e) {
            LOG.log(Level.DEBUG, clientId + ": publish to " + topic + " failed: " + e.getMessage());
            return false;
        }
    }

    private boolean fits(String topic, byte[] payload) {
        long size = (long) payload.length + topic.getBytes(StandardCharsets.UTF_8).length + PUBLISH_OVERHEAD;
        if (size <= maximumPacketSize) {
            return true;
        }
        if (tooLargeLogged.add(topic)) {
            LOG.log(Level.WARNING, clientId + ": not publishing " + payload.length + " bytes to " + topic
                    + ": above the maximum packet size of " + maximumPacketSize + " bytes (maximum_packet_size)");
        }
        return false;
    }

    @Override
    public void close() {
        connector.close();
    }

    /** Simulates a crash: drops the TCP connection without DISCONNECT, so the broker publishes the will. */
    public void kill() {
        connector.kill();
    }

    private void resubscribe() {
        for (String filter : subscriptions.filters()) {
            subscribeOne(filter);
        }
    }

    private void subscribeOne(String filter) {
        try {
            client.subscribe(filter, 1);
        } catch (MqttException e) {
            LOG.log(Level.WARNING, clientId + ": cannot subscribe to " + filter + ": " + e.getMessage());
        }
    }
}
