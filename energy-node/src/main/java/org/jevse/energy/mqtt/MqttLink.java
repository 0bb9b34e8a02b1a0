package org.jevse.energy.mqtt;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.jevse.tls.PemTls;

/**
 * One MQTT 5 connection (Eclipse Paho v5) that survives broker restarts.
 *
 * <p>Paho's automatic reconnect only covers a connection that once succeeded: a failed first connect is not
 * retried (Paho 1.2.5, verified against Mosquitto), so {@link #start()} runs its own retry loop on a
 * daemon thread. With clean start every (re)connect begins without subscriptions, so they are made again in
 * {@code connectComplete} each time.
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
    private final MqttConnectionOptions options;
    private final Map<String, Handler> subscriptions = new ConcurrentHashMap<>();
    private final List<Runnable> onConnect = new CopyOnWriteArrayList<>();
    private final MqttAsyncClient client;
    private final int maximumPacketSize;
    private final Set<String> tooLargeLogged = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private Thread connector;
    /** Guards {@link #closed} against {@link #attempting}: Paho 1.2.5 must not be closed during a connect. */
    private final Object lifecycle = new Object();
    /** A first-connect attempt is in flight; the connector thread closes the client when it ends. */
    private boolean attempting;

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
        // Files first: a bad file is reported before anything is created.
        javax.net.SocketFactory socketFactory = socketFactory(url, tls, maximumPacketSize);
        try {
            this.client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("bad broker URL " + url + ": " + e.getMessage(), e);
        }
        options = connectionOptions(maximumPacketSize, socketFactory, username, password, will);
        client.setCallback(new Callback());
    }

    /** The TLS factory for the PEM files (an ssl:// URL only) under the packet limit, or null for Paho's default. */
    private static javax.net.SocketFactory socketFactory(String url, Tls tls, int maximumPacketSize) {
        javax.net.ssl.SSLSocketFactory tlsFactory = null;
        if (tls != null && tls.any()) {
            if (!url.startsWith("ssl://") && !url.startsWith("wss://")) {
                throw new IllegalArgumentException("TLS files are set but the broker URL " + url
                        + " is not ssl:// (e.g. ssl://host:8883)");
            }
            tlsFactory = PemTls.context(tls.caFile(), tls.certFile(), tls.keyFile()).getSocketFactory();
        }
        javax.net.SocketFactory limited = PacketLimit.socketFactory(url, tlsFactory, maximumPacketSize);
        return limited != null ? limited : tlsFactory;
    }

    private static MqttConnectionOptions connectionOptions(int maximumPacketSize, javax.net.SocketFactory socketFactory,
                                                           String username, String password, Will will) {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(true);
        // Reconnect fast: a leaf without its parent runs on a lease of a few seconds.
        options.setAutomaticReconnectDelay(1, 5);
        options.setKeepAliveInterval(5);
        options.setConnectionTimeout(5);
        options.setMaximumPacketSize((long) maximumPacketSize);
        if (socketFactory != null) {
            options.setSocketFactory(socketFactory);
        }
        options.setHttpsHostnameVerificationEnabled(true); // the broker's certificate must name the URL's host
        if (username != null && !username.isEmpty()) {
            options.setUserName(username);
            options.setPassword(password == null ? new byte[0] : password.getBytes(StandardCharsets.UTF_8));
        }
        if (will != null) {
            MqttMessage w = new MqttMessage(will.payload());
            w.setQos(1);
            w.setRetained(true);
            options.setWill(will.topic(), w);
        }
        return options;
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
            dispatch(topic, message);
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
    public synchronized void start() {
        if (connector != null) {
            return;
        }
        connector = new Thread(this::connectLoop, "mqtt-connect-" + clientId);
        connector.setDaemon(true);
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
        synchronized (lifecycle) {
            closed = true;
            if (attempting) {
                // Paho 1.2.5 throws NullPointerExceptions in its connect threads when closed mid-connect: the
                // connector closes the client itself once the attempt has ended (connection timeout 5 s).
                return;
            }
        }
        Thread t = connector;
        if (t != null) {
            t.interrupt();
        }
        closeClient();
    }

    private void closeClient() {
        try {
            if (client.isConnected()) {
                client.disconnect(1000).waitForCompletion(2000);
            }
        } catch (MqttException e) {
            // closing anyway
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            // closing anyway
        }
    }

    /** Simulates a crash: drops the TCP connection without DISCONNECT, so the broker publishes the will. */
    public void kill() {
        closed = true;
        try {
            client.disconnectForcibly(0, 1000, false);
        } catch (MqttException e) {
            // gone anyway
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            // gone anyway
        }
    }

    private void connectLoop() {
        long backoffMs = 200;
        while (true) {
            synchronized (lifecycle) {
                if (closed || client.isConnected()) {
                    return; // once connected, Paho's automatic reconnect takes over
                }
                attempting = true;
            }
            try {
                attempt(backoffMs);
            } finally {
                boolean closeNow;
                synchronized (lifecycle) {
                    attempting = false;
                    closeNow = closed;
                }
                if (closeNow) {
                    closeClient(); // close() came during the attempt and left the closing to this thread
                }
            }
            if (closed || client.isConnected()) {
                return;
            }
            try {
                Thread.sleep(backoffMs);
            } catch (InterruptedException e) {
                return;
            }
            backoffMs = Math.min(5000, backoffMs * 2);
        }
    }

    /** One connect attempt; a failure is one log line (nothing from the network may kill this thread). */
    private void attempt(long backoffMs) {
        String why;
        CountDownLatch answered = new CountDownLatch(1);
        MqttActionListener done = new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                answered.countDown();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable exception) {
                answered.countDown();
            }
        };
        try {
            IMqttToken token = client.connect(options, null, done);
            // Paho 1.2.5 completes the token before its connect thread has finished with the client; this
            // listener runs last, and only after it may close() free the client (connection timeout 5 s).
            answered.await(10, TimeUnit.SECONDS);
            if (token.getException() != null) {
                throw token.getException();
            }
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (MqttException e) {
            // A TLS failure is only "Untranslated MqttException" without its cause (e.g. PKIX path building).
            why = e.getCause() != null ? e.getMessage() + ": " + e.getCause().getMessage() : e.getMessage();
        } catch (RuntimeException e) {
            why = e.toString(); // Paho's own defects on a failed connect
        }
        if (!closed) {
            LOG.log(Level.INFO, clientId + ": cannot connect to " + url + " (" + why + "), retrying in " + backoffMs
                    + " ms");
        }
    }

    private void resubscribe() {
        for (String filter : subscriptions.keySet()) {
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

    private void dispatch(String topic, MqttMessage message) {
        long expiry = -1;
        MqttProperties p = message.getProperties();
        if (p != null && p.getMessageExpiryInterval() != null) {
            expiry = p.getMessageExpiryInterval();
        }
        for (Map.Entry<String, Handler> e : subscriptions.entrySet()) {
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
