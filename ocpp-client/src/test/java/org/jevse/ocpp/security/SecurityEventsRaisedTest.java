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
        SecurityEventNotifications.start(u.cp, log, false);
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
}
