package org.jevse.hil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jevse.energy.mqtt.BrokerTests;
import org.jevse.energy.mqtt.MosquittoProcess;
import org.jevse.energy.mqtt.MqttLink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code jevse run} with the MQTT API, killed with SIGKILL mid-session: it cannot say goodbye, so the
 * broker publishes its last will and the charger's availability topic says {@code offline}, retained, to every
 * client that subscribes later (Home Assistant marks the entities unavailable, evcc sees the charger gone).
 */
class MqttLastWillProcessTest {

    @TempDir
    Path dir;
    final List<MqttLink> links = new ArrayList<>();

    @Test
    void killDashNineMidSession_theAvailabilityTopicSaysOfflineRetained() throws Exception {
        try (MosquittoProcess broker = BrokerTests.startBroker()) {
            Files.writeString(dir.resolve("cp.yaml"), "evse:\n  evse_id: cpk\nboard:\n  type: sim\n  sim:\n"
                    + "    ev_script: \"sleep 1; plugin; sleep 1; auth DEMO-TAG; draw_power_regulated 16,3; sleep 900;"
                    + " unplug\"\nauth:\n  local_list: [DEMO-TAG]\nmqtt:\n  broker_url: " + broker.url()
                    + "\n  topic_prefix: site\n");
            Process charger = JarProcess.start(dir.resolve("cp.log"), "run", "--config", dir.resolve("cp.yaml").toString());
            try {
                Map<String, String> seen = watch(broker.url(), "watcher", "site/cpk/#");
                assertTrue(BrokerTests.await(60_000, () -> "online".equals(seen.get("site/cpk/availability"))
                        && "Charging".equals(seen.get("site/cpk/state"))),
                        "the charger is online and charging: " + seen + "\n" + Files.readString(dir.resolve("cp.log")));

                charger.destroyForcibly(); // SIGKILL: no DISCONNECT, no goodbye
                charger.waitFor();
                assertEquals(137, charger.exitValue(), "killed by SIGKILL");

                assertTrue(BrokerTests.await(15_000, () -> "offline".equals(seen.get("site/cpk/availability"))),
                        "the broker published the last will: " + seen.get("site/cpk/availability"));
                Map<String, String> late = watch(broker.url(), "late", "site/cpk/availability");
                assertTrue(BrokerTests.await(5_000, () -> "offline".equals(late.get("site/cpk/availability"))),
                        "a client that subscribes later gets offline, retained: " + late);
            } finally {
                charger.destroyForcibly();
            }
        }
    }

    /** Subscribes a client (left open until the broker goes) and keeps the last payload of each topic. */
    Map<String, String> watch(String url, String id, String filter) {
        Map<String, String> last = new ConcurrentHashMap<>();
        MqttLink link = new MqttLink(url, id, "", "", null);
        links.add(link);
        link.subscribe(filter, (topic, payload, expiry) -> last.put(topic, new String(payload, StandardCharsets.UTF_8)));
        link.start();
        return last;
    }

    @AfterEach
    void closeLinks() {
        links.forEach(MqttLink::close);
    }
}
