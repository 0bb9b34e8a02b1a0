package org.jevse.hil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.jevse.energy.mqtt.BrokerTests;
import org.jevse.energy.mqtt.MosquittoProcess;
import org.jevse.energy.mqtt.MqttLink;
import org.jevse.energy.wire.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Anyone who can publish on the site's broker floods every topic of the energy tree with huge messages, while an
 * energy manager and a charger in mid-session run as real processes with the launcher's JVM flags (-Xmx64m, exit on
 * OutOfMemoryError) against a real Mosquitto. Both must keep running and keep the charger's allocation.
 *
 * <p>The sizes are 16 MiB and 32 MiB on every topic, then one message of the largest size MQTT allows (256 MiB) on
 * each topic the two processes subscribe to. Each size goes out twice: as a JSON object with one long string and
 * as a JSON array of numbers (the two shapes that cost a JSON reader the most).
 */
class MqttFloodProcessTest {

    /** The site limit: the car wants 32 A, so the charger's allocation is the site's 20 A and stays there. */
    static final int SITE_A = 20;
    static final String PREFIX = "flood/site";
    static final int MIB = 1 << 20;
    /** MQTT 5 §2.2.3: the Remaining Length is at most 268,435,455 bytes; the topic and properties take some. */
    static final int MQTT_MAX_PAYLOAD = 268_435_455 - 1024;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void stop() {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception e) {
                // best effort
            }
        }
    }

    @Test
    void hugeMessagesOnEveryTopicNeitherStopTheManagerNorTheChargerNorChangeTheAllocation() throws Exception {
        MosquittoProcess broker = BrokerTests.startBroker();
        open.add(broker);
        Topics topics = new Topics(PREFIX);
        Files.writeString(dir.resolve("manager.yaml"), "broker_url: " + broker.url() + "\ntopic_prefix: " + PREFIX
                + "\nnodes:\n  - {id: site, limits_A: [" + SITE_A + ", " + SITE_A + ", " + SITE_A + "]}\n"
                + "chargers:\n  - {id: cp1, node: site, rotation: L123}\n");
        Files.writeString(dir.resolve("cp1.yaml"), "evse:\n  evse_id: FLOOD*cp1\nboard:\n  type: sim\n  sim:\n"
                + "    ev_script: \"sleep 1; plugin; sleep 1; auth DEMO-TAG; draw_power_regulated 32,3; sleep 900;"
                + " unplug\"\nauth:\n  local_list: [DEMO-TAG]\nenergy:\n  broker_url: " + broker.url()
                + "\n  leaf_id: cp1\n  topic_prefix: " + PREFIX + "\n");

        Process manager = JarProcess.start(dir.resolve("manager.out"), dir.resolve("manager.err"), "energy-manager",
                "--config", dir.resolve("manager.yaml").toString());
        open.add(manager::destroyForcibly);
        Process charger = JarProcess.start(dir.resolve("cp1.out"), dir.resolve("cp1.err"), "run", "--events", "json",
                "--config", dir.resolve("cp1.yaml").toString());
        open.add(charger::destroyForcibly);

        // What the charger reports: its state and the grant it applies (epoch, seq, current), as the parent sees it.
        List<JsonNode> statuses = new CopyOnWriteArrayList<>();
        MqttLink observer = new MqttLink(broker.url(), "flood-observer", "", "", null);
        open.add(observer);
        observer.subscribe(topics.status("cp1"), (topic, payload, expiry) -> {
            try {
                statuses.add(JSON.readTree(payload));
            } catch (java.io.IOException e) {
                // a flood message that reached the observer: not a status of the charger
            }
        });
        observer.start();

        assertTrue(BrokerTests.await(60_000, () -> chargingAt(last(statuses), SITE_A * 1000)),
                "the charger charges at the site's " + SITE_A + " A: " + last(statuses) + "\n" + logs());
        long seqBefore = last(statuses).path("applied").path("seq").asLong();
        int statusesBefore = statuses.size();
        assertTrue(BrokerTests.await(10_000, () -> lastLimit().equals(Double.toString(SITE_A * 1.0))),
                "the charger's limit from the energy manager is " + SITE_A + " A: " + lastLimit());
        int eventsBefore = Files.readAllLines(dir.resolve("cp1.out")).size();

        RssSampler rss = new RssSampler(List.of("energy manager", "charger (jevse run)"), manager.pid(), charger.pid());
        List<String> sent = new ArrayList<>();
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        MqttClient flooder = new MqttClient(broker.url(), "flooder", new MemoryPersistence());
        open.add(flooder::close);
        flooder.connect(o);
        {
            List<String> everyTopic = List.of(topics.status("cp1"), topics.allocation("cp1"),
                    topics.availableCurrentUpdate(), topics.availableCurrent(), topics.state(), topics.status("cp9"));
            for (int size : new int[] {16 * MIB, 32 * MIB}) {
                for (String topic : everyTopic) {
                    for (byte[] payload : List.of(longString(size), numberArray(size))) {
                        flooder.publish(topic, payload, 1, false); // QoS 1: returns once the broker has it
                        sent.add(topic + " " + size / MIB + " MiB");
                    }
                }
            }
            // The largest message MQTT allows, once on each topic the two processes subscribe to.
            byte[] biggest = numberArray(MQTT_MAX_PAYLOAD);
            for (String topic : List.of(topics.status("cp1"), topics.allocation("cp1"),
                    topics.availableCurrentUpdate())) {
                flooder.publish(topic, biggest, 1, false);
                sent.add(topic + " " + MQTT_MAX_PAYLOAD / MIB + " MiB");
            }
            flooder.disconnect();
        }
        int statusesAtFloodEnd = statuses.size();
        // After the flood: the manager still renews the grant and the charger still applies it.
        boolean renewed = BrokerTests.await(30_000, () -> statuses.size() > statusesAtFloodEnd
                && last(statuses).path("applied").path("seq").asLong() > seqBefore + 2
                && chargingAt(last(statuses), SITE_A * 1000));
        rss.close();
        System.out.println("MqttFloodProcessTest: " + sent.size() + " messages sent (" + sent.get(0) + " ... "
                + sent.get(sent.size() - 1) + ")");
        System.out.println(rss.table());

        assertTrue(manager.isAlive() && charger.isAlive(), "energy manager: " + exitOf(manager) + ", charger: "
                + exitOf(charger) + "\n" + logs());
        assertTrue(renewed, "the manager renews the charger's grant after the flood: " + last(statuses) + "\n"
                + logs());
        for (JsonNode s : statuses.subList(statusesBefore, statuses.size())) {
            assertTrue(chargingAt(s, SITE_A * 1000), "the charger kept its " + SITE_A + " A during the flood: " + s);
        }
        assertEquals(List.of(), energyManagerLimits(eventsBefore), "the charger's limit from the energy manager"
                + " stayed at " + SITE_A + " A: no change since the flood began");
    }

    /** The charger's last limit from the energy manager (A), or "none". */
    String lastLimit() {
        try {
            List<String> l = energyManagerLimits(0);
            return l.isEmpty() ? "none" : Double.toString(readTree(l.get(l.size() - 1)).path("current_A").asDouble());
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    /** The charger's {@code limit} events from the energy manager, from its {@code from}-th event on. */
    List<String> energyManagerLimits(int from) throws java.io.IOException {
        List<String> events = Files.readAllLines(dir.resolve("cp1.out"));
        return events.subList(Math.min(from, events.size()), events.size()).stream()
                .filter(l -> l.contains("\"type\":\"limit\"") && l.contains("\"energy manager\"")).toList();
    }

    static boolean chargingAt(JsonNode status, int currentMa) {
        return status != null && "charging".equals(status.path("state").asText())
                && status.path("applied").path("current_ma").asInt() == currentMa;
    }

    static JsonNode last(List<JsonNode> list) {
        return list.isEmpty() ? null : list.get(list.size() - 1);
    }

    static JsonNode readTree(String line) {
        try {
            return JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    /** {@code {"v":1,"leaf_id":"cp1","detail":"xxx...x"}}, exactly {@code size} bytes. */
    static byte[] longString(int size) {
        byte[] head = "{\"v\":1,\"leaf_id\":\"cp1\",\"detail\":\"".getBytes(StandardCharsets.US_ASCII);
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) 'x');
        System.arraycopy(head, 0, b, 0, head.length);
        b[size - 2] = '"';
        b[size - 1] = '}';
        return b;
    }

    /** {@code [0,0,0,...,0]}, exactly {@code size} bytes (size odd or even). */
    static byte[] numberArray(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i % 2 == 0 ? ' ' : '0');
        }
        for (int i = 2; i < size - 1; i += 2) {
            b[i] = ',';
        }
        b[0] = '[';
        b[size - 1] = ']';
        return b;
    }

    String exitOf(Process p) {
        return p.isAlive() ? "running" : "exited with " + p.exitValue();
    }

    String logs() {
        StringBuilder b = new StringBuilder();
        for (String f : List.of("manager.out", "manager.err", "cp1.err")) {
            try {
                List<String> lines = Files.readAllLines(dir.resolve(f));
                b.append("--- ").append(f).append(" (last 15 lines)\n");
                lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(l -> b.append(l).append('\n'));
            } catch (java.io.IOException e) {
                b.append("--- ").append(f).append(": ").append(e.getMessage()).append('\n');
            }
        }
        return b.toString();
    }
}
