package org.jevse.evse.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import org.jevse.energy.mqtt.BrokerTests;
import org.jevse.energy.mqtt.LogLines;
import org.jevse.energy.mqtt.MosquittoProcess;
import org.jevse.evse.app.mqtt.ApiTopics;
import org.jevse.evse.app.mqtt.MqttApiPlugin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The MQTT API of running chargers against a real Mosquitto: cp1 charges a car (32 A, 3 phases), cp2 stands idle
 * on a board that can switch phases, with an energy leaf that has no energy manager. Each scenario leaves the
 * chargers as it found them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MqttApiBrokerTest {

    static final String PREFIX = "jevse";
    MosquittoProcess broker;
    MqttObserver observer;
    final ApiTopics cp1 = new ApiTopics(PREFIX, "cp1");
    final ApiTopics cp2 = new ApiTopics(PREFIX, "cp2");

    @BeforeAll
    void start() throws Exception {
        broker = BrokerTests.startBroker();
        new MqttApiRig("cp1", broker.url(), PREFIX,
                "sleep 1; plugin; sleep 1; auth DEMO-TAG; draw_power_regulated 32,3; sleep 900",
                "    phase_switching: true");
        new MqttApiRig("cp2", broker.url(), PREFIX, "sleep 900", "    phase_switching: true\nenergy:\n"
                + "  broker_url: " + broker.url() + "\n  topic_prefix: site\n  failsafe_current_A: 6");
        observer = new MqttObserver(broker.url(), "observer", PREFIX + "/#", "homeassistant/#");
        assertTrue(observer.awaitValue(cp1.value("state"), "Charging"), "cp1 charges: " + observer.log);
        assertTrue(observer.awaitValue(cp1.value("offered_current"), "32"), "cp1 offers 32 A: " + observer.log);
        assertTrue(observer.awaitValue(cp2.value("state"), "Idle"), "cp2 is idle: " + observer.log);
    }

    @AfterAll
    void stop() throws Exception {
        observer.close();
        broker.close();
    }

    @Test
    void aClientThatSubscribesLateGetsEveryValueRetainedAtOnce() throws Exception {
        assertTrue(BrokerTests.await(15_000, () -> positive(observer.value(cp1.value("power")))),
                "cp1 reports its power: " + observer.value(cp1.value("power")));
        try (MqttObserver late = new MqttObserver(broker.url(), "late", PREFIX + "/cp1/#")) {
            List<String> expected = new java.util.ArrayList<>();
            for (String v : ApiTopics.VALUES) {
                expected.add(cp1.value(v));
            }
            expected.add(cp1.status());
            expected.add(cp1.availability());
            assertTrue(BrokerTests.await(5_000, () -> late.last.keySet().containsAll(expected)),
                    "every value is retained: missing " + expected.stream().filter(t -> !late.last.containsKey(t)).toList());
            for (String t : expected) {
                assertTrue(late.last.get(t).retained(), t + " arrives as a retained message");
            }
            assertEquals("online", late.value(cp1.availability()));
            assertEquals("C", late.value(cp1.value("iec_state")));
            assertEquals("true", late.value(cp1.value("enabled")));
            assertEquals("3", late.value(cp1.value("phases")));
            for (String l : List.of("l1", "l2", "l3")) {
                assertTrue(positive(late.value(cp1.value("currents/" + l))), l + ": " + late.value(cp1.value("currents/" + l)));
            }
            assertTrue(late.value(cp1.status()).contains("\"state\":\"Charging\""), late.value(cp1.status()));
        }
    }

    @Test
    void theStatusCarriesTheEnergyLeafOfTheChargerThatHasOne() throws Exception {
        assertTrue(BrokerTests.await(15_000, () -> observer.value(cp2.status()) != null
                        && observer.value(cp2.status()).contains("\"connected\":true")),
                "cp2's leaf reports itself connected: " + observer.value(cp2.status()));
        JsonNode energy = JsonMapper.builder().build().readTree(observer.value(cp2.status())).get("energy_leaf");
        assertNotNull(energy, observer.value(cp2.status()));
        assertEquals("cp2", energy.get("leaf_id").asText(), energy.toString());
        assertTrue(energy.get("grant").isNull(), "no energy manager, no grant: " + energy);
        assertEquals("energy manager: no grant yet, fail-safe 6 A", energy.get("text").asText());
        assertFalse(JsonMapper.builder().build().readTree(observer.value(cp1.status())).has("energy_leaf"),
                "cp1 has no leaf: " + observer.value(cp1.status()));
    }

    @Test
    void maxCurrentLimitsTheOfferAndNoneReleasesIt() throws Exception {
        observer.publish(cp1.set("max_current"), "10");
        assertTrue(observer.awaitValue(cp1.value("offered_current"), "10"), observer.value(cp1.value("offered_current")));
        assertEquals("10", observer.value(cp1.value("max_current")));
        assertTrue(observer.awaitValue(cp1.value("limit"), "limited by user 10 A"), observer.value(cp1.value("limit")));
        observer.publish(cp1.set("max_current"), "12.5");
        assertTrue(observer.awaitValue(cp1.value("offered_current"), "12.5"), observer.value(cp1.value("offered_current")));
        observer.publish(cp1.set("max_current"), "none");
        assertTrue(observer.awaitValue(cp1.value("offered_current"), "32"), observer.value(cp1.value("offered_current")));
        assertEquals("32", observer.value(cp1.value("max_current")), "no claim: the charger's maximum");
    }

    @Test
    void enableFalseHoldsTheCarInBAndTrueLetsItChargeAgain() throws Exception {
        observer.publish(cp1.set("enable"), "false");
        assertTrue(observer.awaitValue(cp1.value("enabled"), "false"), observer.value(cp1.value("enabled")));
        assertTrue(observer.awaitValue(cp1.value("iec_state"), "B"), observer.value(cp1.value("iec_state")));
        assertTrue(observer.awaitValue(cp1.value("power"), "0"), observer.value(cp1.value("power")));
        observer.publish(cp1.set("enable"), "ON"); // Home Assistant's default switch payload
        assertTrue(observer.awaitValue(cp1.value("enabled"), "true"), observer.value(cp1.value("enabled")));
        assertTrue(observer.awaitValue(cp1.value("state"), "Charging"), observer.value(cp1.value("state")));
        assertTrue(observer.awaitValue(cp1.value("iec_state"), "C"), observer.value(cp1.value("iec_state")));
    }

    @Test
    void pausePausesTheSessionAndFalseResumesIt() throws Exception {
        observer.publish(cp1.set("pause"), "true");
        assertTrue(observer.awaitValue(cp1.value("state"), "ChargingPausedEVSE"), observer.value(cp1.value("state")));
        assertTrue(BrokerTests.await(10_000, () -> observer.value(cp1.status()).contains("\"pause_reasons\":[\"UserPause\"]")),
                observer.value(cp1.status()));
        observer.publish(cp1.set("pause"), "false");
        assertTrue(observer.awaitValue(cp1.value("state"), "Charging"), observer.value(cp1.value("state")));
    }

    @Test
    void aChargerThatStopsCleanlySaysOfflineRetained() throws Exception {
        ApiTopics cp3 = new ApiTopics(PREFIX, "cp3");
        MqttApiRig rig = new MqttApiRig("cp3", broker.url(), PREFIX, "sleep 3", "");
        assertTrue(observer.awaitValue(cp3.availability(), "online"), "online while it runs");
        rig.thread.join(30_000); // the script ends, the charger closes its plugins
        assertFalse(rig.thread.isAlive());
        try (MqttObserver late = new MqttObserver(broker.url(), "late-cp3", cp3.availability())) {
            assertTrue(late.awaitValue(cp3.availability(), "offline"), "a clean stop publishes offline itself");
            assertTrue(late.last.get(cp3.availability()).retained());
        }
    }

    @Test
    void aPauseWithoutASessionIsRefusedInOneLine() throws Exception {
        try (LogLines log = new LogLines(MqttApiPlugin.class)) {
            observer.publish(cp2.set("pause"), "true");
            assertTrue(BrokerTests.await(10_000, () -> log.any("mqtt: ignored " + cp2.set("pause")
                    + ": pause: no session is running (a pause belongs to a session)")), log.lines().toString());
        }
        assertEquals("Idle", observer.value(cp2.value("state")));
    }

    @Test
    void phasesSwitchesAnIdleChargerThatCan() throws Exception {
        observer.publish(cp2.set("phases"), "1");
        assertTrue(observer.awaitValue(cp2.value("phases"), "1"), observer.value(cp2.value("phases")));
        observer.publish(cp2.set("phases"), "3");
        assertTrue(observer.awaitValue(cp2.value("phases"), "3"), observer.value(cp2.value("phases")));
    }

    @Test
    void aBadPayloadIsOneLogLineNamingTheTopicAndWhatIsAllowedAndChangesNothing() throws Exception {
        String[][] bad = {
                {"enable", "yes", "allowed: true or false (also on/off, 1/0)"},
                {"pause", "2", "allowed: true or false (also on/off, 1/0)"},
                {"max_current", "abc", "allowed: a number of A, 0 (no current) or 6 up to the charger's maximum, or none"},
                {"max_current", "-1", "allowed: a number of A, 0 (no current) or 6 up to the charger's maximum, or none"},
                {"max_current", "81", "allowed: a number of A, 0 (no current) or 6 up to the charger's maximum, or none"},
                {"max_current", "1e2", "allowed: a number of A, 0 (no current) or 6 up to the charger's maximum, or none"},
                {"max_current", "16f", "allowed: a number of A, 0 (no current) or 6 up to the charger's maximum, or none"},
                {"max_current", "", "allowed: a number of A, 0 (no current) or 6 up to the charger's maximum, or none"},
                {"phases", "2", "allowed: 1, 3 or none"},
                {"phases", "three", "allowed: 1, 3 or none"},
                {"start", "1", "unknown command start; allowed: enable, pause, max_current, phases"},
                // Well-formed, but refused by the claims (the charger's own range).
                {"max_current", "3", "current_limit: 3.0 A is not allowed: 0 (no current) or 6 to 32 A"},
                {"max_current", "40", "current_limit: 40.0 A is not allowed: 0 (no current) or 6 to 32 A"},
        };
        try (LogLines log = new LogLines(MqttApiPlugin.class)) {
            for (String[] b : bad) {
                String topic = cp1.set(b[0]);
                observer.publish(topic, b[1]);
                String expected = "mqtt: ignored " + topic + ": ";
                assertTrue(BrokerTests.await(10_000, () -> log.lines().stream()
                                .anyMatch(l -> l.startsWith(expected) && l.contains(b[2]))),
                        "one line for " + b[0] + " " + b[1] + ": " + log.lines());
            }
            observer.publish(cp1.set("max_current"), new byte[10_000]);
            assertTrue(BrokerTests.await(10_000, () -> log.any("10000 bytes; allowed: at most 64")), log.lines().toString());
            assertEquals(bad.length + 1, log.lines().size(), "one line each: " + log.lines());
            for (String l : log.lines()) {
                assertFalse(l.contains("\n") || l.contains("Exception"), l);
            }
        }
        assertEquals("32", observer.value(cp1.value("offered_current")));
        assertEquals("true", observer.value(cp1.value("enabled")));
        assertEquals("Charging", observer.value(cp1.value("state")));
    }

    @Test
    void homeAssistantDiscoveryAnnouncesTheEightEntitiesWithDocumentedKeysOnly() throws Exception {
        HomeAssistantKeys ha = new HomeAssistantKeys();
        JsonMapper json = new JsonMapper();
        List<String> expected = List.of("sensor/jevse_cp1/state", "sensor/jevse_cp1/current", "sensor/jevse_cp1/power",
                "sensor/jevse_cp1/energy", "sensor/jevse_cp1/session_energy", "number/jevse_cp1/max_current",
                "switch/jevse_cp1/enable", "select/jevse_cp1/phases");
        // A client that subscribes after the announcement, as Home Assistant after its own restart: retained only.
        MqttObserver ha2 = new MqttObserver(broker.url(), "home-assistant", "homeassistant/#");
        assertTrue(BrokerTests.await(10_000, () -> expected.stream()
                .allMatch(e -> ha2.last.containsKey("homeassistant/" + e + "/config"))), ha2.last.keySet().toString());
        ha2.close();
        assertEquals(expected.size(), ha2.last.keySet().stream()
                .filter(t -> t.startsWith("homeassistant/") && t.contains("/jevse_cp1/")).count(), "no other entity");
        java.util.Set<String> uniqueIds = new java.util.HashSet<>();
        for (String e : expected) {
            String component = e.substring(0, e.indexOf('/'));
            MqttObserver.Received r = ha2.last.get("homeassistant/" + e + "/config");
            assertTrue(r.retained(), e + " is retained, so Home Assistant finds it after its own restart");
            JsonNode c = json.readTree(r.payload());
            java.util.Set<String> keys = new java.util.TreeSet<>();
            c.fieldNames().forEachRemaining(keys::add);
            assertTrue(ha.keys(component).containsAll(keys), e + ": undocumented keys "
                    + keys.stream().filter(k -> !ha.keys(component).contains(k)).toList());
            assertTrue(keys.containsAll(ha.required(component)), e + " has " + ha.required(component));
            assertTrue(uniqueIds.add(c.path("unique_id").asText()), "unique_id once: " + c.path("unique_id"));
            assertTrue(e.matches("[a-z]+/[a-zA-Z0-9_-]+/[a-zA-Z0-9_-]+"), "node and object ids Home Assistant accepts: " + e);
            checkNested(ha, "device", c.path("device"), e);
            checkNested(ha, "origin", c.path("origin"), e);
            assertEquals(1, c.path("availability").size(), e);
            checkNested(ha, "availability", c.path("availability").get(0), e);
            assertEquals(cp1.availability(), c.path("availability").get(0).path("topic").asText());
            assertEquals("online", observer.value(cp1.availability()));
            assertEquals(List.of("jevse_cp1"), List.of(c.path("device").path("identifiers").get(0).asText()));
            // The state topic is one of the API's retained value topics and carries a value the entity accepts.
            String state = observer.value(c.path("state_topic").asText());
            assertNotNull(state, e + " state topic " + c.path("state_topic"));
            switch (component) {
                case "sensor" -> {
                    if (c.has("options")) {
                        assertEquals("enum", c.path("device_class").asText());
                        assertFalse(c.has("unit_of_measurement") || c.has("state_class"), "enum: no unit, no state class");
                        assertTrue(c.path("options").toString().contains("\"" + state + "\""), state);
                    } else {
                        String unit = c.path("device_class").asText() + "=" + c.path("unit_of_measurement").asText();
                        assertTrue(ha.values("sensor_units").contains(unit), e + ": " + unit);
                        assertTrue(ha.values("state_classes").contains(c.path("state_class").asText()), e);
                        Double.parseDouble(state);
                    }
                }
                case "number" -> {
                    double v = Double.parseDouble(state);
                    assertTrue(v >= c.path("min").asDouble() && v <= c.path("max").asDouble(), e + ": " + v);
                    assertTrue(ha.values("number_modes").contains(c.path("mode").asText()), e);
                    assertEquals(cp1.set("max_current"), c.path("command_topic").asText());
                }
                case "switch" -> {
                    assertTrue(state.equals(c.path("payload_on").asText()) || state.equals(c.path("payload_off").asText()), state);
                    assertEquals(cp1.set("enable"), c.path("command_topic").asText());
                }
                case "select" -> {
                    assertTrue(c.path("options").toString().contains("\"" + state + "\""), state);
                    assertEquals(cp1.set("phases"), c.path("command_topic").asText());
                }
                default -> throw new AssertionError(component);
            }
        }
    }

    @Test
    void theEvccDefinitionInDocsDrivesTheChargerAttributeByAttribute() throws Exception {
        EvccDefinition evcc = new EvccDefinition();
        // Read attributes, as evcc's mqtt plugin parses them.
        assertTrue(BrokerTests.await(10_000, () -> "C".equals(observer.value(evcc.topic("status")))),
                "status: " + observer.value(evcc.topic("status")));
        assertTrue(EvccDefinition.parseBool(observer.value(evcc.topic("enabled"))));
        assertTrue(BrokerTests.await(10_000, () -> positive(observer.value(evcc.topic("power")))), "power");
        assertTrue(Double.parseDouble(observer.value(evcc.topic("energy"))) >= 0, "energy");
        assertEquals(3, evcc.charger.path("currents").size());
        for (JsonNode c : evcc.charger.path("currents")) {
            assertEquals("mqtt", c.path("source").asText());
            assertTrue(positive(observer.value(c.path("topic").asText())), c.toString());
        }
        // Write attributes, with evcc's payload templates, then what evcc reads back.
        observer.publish(evcc.topic("maxcurrent"), evcc.payload("maxcurrent", 10L));
        assertTrue(observer.awaitValue(cp1.value("offered_current"), "10"), observer.value(cp1.value("offered_current")));
        observer.publish(evcc.topic("maxcurrentmillis"), evcc.payload("maxcurrentmillis", 12.5));
        assertTrue(observer.awaitValue(cp1.value("offered_current"), "12.5"), observer.value(cp1.value("offered_current")));
        observer.publish(evcc.topic("enable"), evcc.payload("enable", false));
        assertTrue(BrokerTests.await(10_000, () -> !EvccDefinition.parseBool(observer.value(evcc.topic("enabled")))));
        assertTrue(BrokerTests.await(10_000, () -> "B".equals(observer.value(evcc.topic("status")))),
                "disabled: the car waits in B: " + observer.value(evcc.topic("status")));
        observer.publish(evcc.topic("enable"), evcc.payload("enable", true));
        assertTrue(BrokerTests.await(10_000, () -> EvccDefinition.parseBool(observer.value(evcc.topic("enabled")))));
        assertTrue(BrokerTests.await(15_000, () -> "C".equals(observer.value(evcc.topic("status")))));
        assertTrue(evcc.charger.path("tos").asBoolean(), "phases1p3p needs tos: true in evcc");
        observer.publish(evcc.topic("phases1p3p"), evcc.payload("phases1p3p", 1L));
        assertTrue(observer.awaitValue(cp1.value("phases"), "1"), observer.value(cp1.value("phases")));
        assertTrue(BrokerTests.await(15_000, () -> "C".equals(observer.value(evcc.topic("status")))
                && positive(observer.value(evcc.charger.path("currents").get(0).path("topic").asText()))
                && "0".equals(observer.value(evcc.charger.path("currents").get(1).path("topic").asText()))),
                "charging on L1 only: " + observer.log.subList(Math.max(0, observer.log.size() - 20), observer.log.size()));
        observer.publish(evcc.topic("phases1p3p"), evcc.payload("phases1p3p", 3L));
        assertTrue(observer.awaitValue(cp1.value("phases"), "3"), observer.value(cp1.value("phases")));
        observer.publish(cp1.set("max_current"), "none");
        assertTrue(observer.awaitValue(cp1.value("offered_current"), "32"));
        assertTrue(observer.awaitValue(cp1.value("state"), "Charging"));
    }

    static void checkNested(HomeAssistantKeys ha, String what, JsonNode node, String entity) {
        assertTrue(node.isObject(), entity + " has " + what);
        java.util.Set<String> keys = new java.util.TreeSet<>();
        node.fieldNames().forEachRemaining(keys::add);
        assertTrue(ha.keys(what).containsAll(keys), entity + " " + what + ": undocumented keys " + keys);
        assertTrue(keys.containsAll(ha.required(what)), entity + " " + what + " has " + ha.required(what));
    }

    static boolean positive(String number) {
        try {
            return number != null && Double.parseDouble(number) > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    MosquittoProcess broker() {
        return broker;
    }

    MqttObserver observer() {
        assertNotNull(observer);
        return observer;
    }
}
