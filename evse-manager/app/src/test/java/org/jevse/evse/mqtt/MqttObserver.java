package org.jevse.evse.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.jevse.energy.mqtt.BrokerTests;

/**
 * Another client of the broker, as Home Assistant or evcc is: subscribes, keeps the last message of every topic
 * (with its retain flag, which tells a retained message delivered at subscription from a live one) and publishes.
 */
final class MqttObserver implements AutoCloseable {

    /** One message as received. */
    record Received(String payload, boolean retained) {
    }

    private final MqttClient client;
    final Map<String, Received> last = new ConcurrentHashMap<>();
    final List<String> log = new CopyOnWriteArrayList<>();

    MqttObserver(String url, String clientId, String... filters) throws MqttException {
        client = new MqttClient(url, clientId, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse r) {
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage m) {
                String p = new String(m.getPayload(), StandardCharsets.UTF_8);
                last.put(topic, new Received(p, m.isRetained()));
                log.add(topic + " " + p);
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        client.connect(o);
        for (String f : filters) {
            client.subscribe(f, 1);
        }
    }

    /** The last payload on {@code topic}, or null. */
    String value(String topic) {
        Received r = last.get(topic);
        return r == null ? null : r.payload();
    }

    /** Publishes as evcc and Home Assistant do by default: QoS 0, not retained. */
    void publish(String topic, String payload) throws MqttException {
        client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 0, false);
    }

    void publish(String topic, byte[] payload) throws MqttException {
        client.publish(topic, payload, 0, false);
    }

    /** Waits (bounded, real I/O) until {@code topic} carries {@code expected}; returns whether it did. */
    boolean awaitValue(String topic, String expected) throws InterruptedException {
        return BrokerTests.await(15_000, () -> expected.equals(value(topic)));
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
