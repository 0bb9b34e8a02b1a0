package org.jevse.evse.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * on a board that can switch phases. Each scenario leaves the chargers as it found them.
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
                "sleep 1; plugin; sleep 1; auth DEMO-TAG; draw_power_regulated 32,3; sleep 900", "");
        new MqttApiRig("cp2", broker.url(), PREFIX, "sleep 900", "    phase_switching: true");
        observer = new MqttObserver(broker.url(), "observer", PREFIX + "/#");
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
        assertTrue(observer.value(cp1.status()).contains("UserPause"), observer.value(cp1.status()));
        observer.publish(cp1.set("pause"), "false");
        assertTrue(observer.awaitValue(cp1.value("state"), "Charging"), observer.value(cp1.value("state")));
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
                {"max_current", "abc", "allowed: a number of A from 0 to 80"},
                {"max_current", "-1", "allowed: a number of A from 0 to 80"},
                {"max_current", "81", "allowed: a number of A from 0 to 80"},
                {"max_current", "1e2", "allowed: a number of A from 0 to 80"},
                {"max_current", "16f", "allowed: a number of A from 0 to 80"},
                {"max_current", "", "allowed: a number of A from 0 to 80"},
                {"phases", "2", "allowed: 1, 3 or none"},
                {"phases", "three", "allowed: 1, 3 or none"},
                {"start", "1", "unknown command start; allowed: enable, pause, max_current, phases"},
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
