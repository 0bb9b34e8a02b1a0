package org.jevse.energy.mqtt;

import java.lang.System.Logger.Level;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * An {@link MqttLink}'s connecting and closing. Paho's automatic reconnect only covers a connection that once
 * succeeded: a failed first connect is not retried (Paho 1.2.5, verified against Mosquitto), so this retries it on a
 * daemon thread until it succeeds or the link is closed; and Paho 1.2.5 must not be closed during a connect, so a
 * close that comes during an attempt is left to this thread.
 */
final class FirstConnect {

    private static final System.Logger LOG = System.getLogger(MqttLink.class.getName());

    private final MqttAsyncClient client;
    private final MqttConnectionOptions options;
    private final String url;
    private final String clientId;
    private volatile boolean closed;
    private Thread connector;
    /** Guards {@link #closed} against {@link #attempting}: Paho 1.2.5 must not be closed during a connect. */
    private final Object lifecycle = new Object();
    /** A first-connect attempt is in flight; the connector thread closes the client when it ends. */
    private boolean attempting;

    FirstConnect(MqttAsyncClient client, MqttConnectionOptions options, String url, String clientId) {
        this.client = client;
        this.options = options;
        this.url = url;
        this.clientId = clientId;
    }

    /** Starts connecting in the background, retrying until the first connect succeeds or {@link #close()}. */
    synchronized void start() {
        if (connector != null) {
            return;
        }
        connector = new Thread(this::connectLoop, "mqtt-connect-" + clientId);
        connector.setDaemon(true);
        connector.start();
    }

    void close() {
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

    /** Drops the TCP connection without DISCONNECT, so the broker publishes the will. */
    void kill() {
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
}
