package org.jevse.ocpp.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.jevse.ocpp.security.ops.SecurityEventNotifications;
import org.jevse.ocpp.testkit.UnitChargePoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The security events the client observes itself (Security Whitepaper ed. 2 §8): SettingSystemTime when the Central
 * System's currentTime moves the clock by a minute or more, ResetOrReboot when a Reset is accepted; both critical,
 * so queued and sent as SecurityEventNotification.req. On a manual clock, every frame checked against the schemas.
 */
class SecurityEventsRaisedTest {
    @TempDir
    Path dir;

    /** Answers every CALL but a SecurityEventNotification (with the empty answer StatusNotification takes). */
    private static JsonNode nextEvent(UnitChargePoint u) {
        for (int i = 0; i < 20; i++) {
            JsonNode last = u.lastSent();
            if (last.get(0).asInt() == 2 && "SecurityEventNotification".equals(last.get(2).asText())) {
                return last;
            }
            if (last.get(0).asInt() == 2) {
                u.answer(last.get(1).asText(), "{}");
            }
        }
        throw new AssertionError("no SecurityEventNotification sent: " + u.transport.sent);
    }

    @Test
    void aClockSetByTheCentralSystemAndAnAcceptedResetAreSecurityEvents() throws Exception {
        UnitChargePoint u = new UnitChargePoint(dir.resolve("cp"));
        SecurityLog log = new SecurityLog(dir.resolve("security"));
        SecurityEventNotifications.start(u.cp, log, null);
        u.startAccepted(); // BootNotification.conf's currentTime is 2.6 days after the charger's clock
        JsonNode clock = nextEvent(u);
        assertEquals("SettingSystemTime", clock.get(3).path("type").asText());
        assertTrue(clock.get(3).path("techInfo").asText().startsWith("clock moved by +2408"), clock.toString());
        u.answer(clock.get(1).asText(), "{}");

        int sent = u.transport.sent.size();
        u.sched.advance(300_000);
        JsonNode heartbeat = u.lastSent();
        assertEquals("Heartbeat", heartbeat.get(2).asText());
        long csmsNow = u.cp.csmsNowMs();
        u.answer(heartbeat.get(1).asText(), "{\"currentTime\":\"" + java.time.Instant.ofEpochMilli(csmsNow + 5_000)
                + "\"}");
        assertEquals(sent + 1, u.transport.sent.size(), "5 s of drift set by a Heartbeat is no event");

        u.transport.inject("[2,\"r1\",\"Reset\",{\"type\":\"Soft\"}]");
        JsonNode reset = nextEvent(u);
        assertEquals("ResetOrReboot", reset.get(3).path("type").asText());
        assertEquals("Reset Soft from the Central System", reset.get(3).path("techInfo").asText());
        String text = new String(log.content(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.contains(" SettingSystemTime") && text.contains(" ResetOrReboot"), text);
        u.schemas.assertClean();
    }

    /**
     * Answers every CALL (BootNotification Accepted) until nothing more is sent; the StartupOfTheDevice and
     * ResetOrReboot events among them, with their techInfo.
     */
    private static java.util.List<String> drainEvents(UnitChargePoint u) {
        java.util.List<String> events = new java.util.ArrayList<>();
        int answered = 0;
        while (u.transport.sent.size() > answered) {
            JsonNode last = u.lastSent();
            answered = u.transport.sent.size();
            if (last.get(0).asInt() != 2) {
                continue;
            }
            String action = last.get(2).asText();
            String type = last.get(3).path("type").asText();
            if ("SecurityEventNotification".equals(action) && !"SettingSystemTime".equals(type)) {
                events.add(type + ": " + last.get(3).path("techInfo").asText());
            }
            u.answer(last.get(1).asText(), "BootNotification".equals(action)
                    ? "{\"status\":\"Accepted\",\"currentTime\":\"2026-11-21T06:00:00Z\",\"interval\":300}"
                    : "{}");
        }
        return events;
    }

    /** One run of the charger: its own queue, the security directory it shares with the runs before it. */
    private UnitChargePoint boot(int run, java.util.List<String> events) throws Exception {
        UnitChargePoint u = new UnitChargePoint(dir.resolve("cp" + run));
        SecurityEventNotifications.start(u.cp, new SecurityLog(dir.resolve("security")),
                RestartRecord.open(dir.resolve("security").resolve("last-run.json")));
        u.startAccepted();
        events.addAll(drainEvents(u));
        return u;
    }

    @Test
    void everyBootAfterARestartReportsResetOrRebootOnceWithItsCause() throws Exception {
        java.util.List<String> events = new java.util.ArrayList<>();
        UnitChargePoint first = boot(1, events);
        assertEquals(java.util.List.of("StartupOfTheDevice: "), events, "the very first start is no restart");

        // A Reset: the accepted Reset is an event, and the boot after it reports the restart and its cause.
        events.clear();
        first.transport.inject("[2,\"r1\",\"Reset\",{\"type\":\"Hard\"}]");
        events.addAll(drainEvents(first));
        first.sched.advance(60_000); // the reconnection's back-off
        first.transport.open();
        events.addAll(drainEvents(first));
        assertEquals(java.util.List.of("ResetOrReboot: Reset Hard from the Central System",
                "ResetOrReboot: boot after Reset Hard from the Central System"), events);

        // The process dies (crash, power loss, kill -9): the next start says so, once.
        events.clear();
        UnitChargePoint second = boot(2, events);
        assertEquals(java.util.List.of("StartupOfTheDevice: ",
                "ResetOrReboot: boot after a crash or power loss (the previous run did not shut down)"), events);

        // A clean shutdown, then a start.
        RestartRecord.open(dir.resolve("security").resolve("last-run.json")).stopped();
        events.clear();
        boot(3, events);
        assertEquals(java.util.List.of("StartupOfTheDevice: ", "ResetOrReboot: boot after a shutdown"), events);
        first.schemas.assertClean();
        second.schemas.assertClean();
    }
}
