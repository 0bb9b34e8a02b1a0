package org.jevse.ocpp.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.jevse.ocpp.rpc.OcppJson;
import org.jevse.ocpp.testkit.Schemas;
import org.jevse.ocpp.v16.SecurityEventNotificationRequest;
import org.junit.jupiter.api.Test;

/** SecurityEventNotification.req (Security Whitepaper ed. 2 §5.15, §8). */
class SecurityEventTest {
    @Test
    void notificationCarriesTypeTimestampAndTechInfo() {
        SecurityEventNotificationRequest r = SecurityEvent.StartupOfTheDevice
                .notification(Instant.parse("2024-05-10T10:00:00.123456Z"), "boot");
        assertEquals("StartupOfTheDevice", r.type_());
        assertEquals("2024-05-10T10:00:00.123Z", r.timestamp());
        assertEquals("boot", r.techInfo());
        assertNull(SecurityEvent.ResetOrReboot.notification(Instant.EPOCH, null).techInfo());
    }

    @Test
    void techInfoIsCutTo255Characters() {
        assertEquals(255, SecurityEvent.InvalidMessages.notification(Instant.EPOCH, "x".repeat(300)).techInfo().length());
        // 254 chars then an emoji (a surrogate pair): the pair is dropped whole.
        String emoji = "x".repeat(254) + "\uD83D\uDD0C" + "y";
        assertEquals("x".repeat(254), SecurityEvent.InvalidMessages.notification(Instant.EPOCH, emoji).techInfo());
    }

    @Test
    void criticalityFollowsTheTable() {
        assertTrue(SecurityEvent.FirmwareUpdated.critical());
        assertTrue(SecurityEvent.TamperDetectionActivated.critical());
        assertTrue(SecurityEvent.SettingSystemTime.critical());
        assertFalse(SecurityEvent.FailedToAuthenticateAtCentralSystem.critical());
        assertFalse(SecurityEvent.ReconfigurationOfSecurityParameters.critical());
        assertFalse(SecurityEvent.InvalidFirmwareSignature.critical());
    }

    @Test
    void everyEventMakesASchemaValidNotification() {
        for (SecurityEvent e : SecurityEvent.values()) {
            SecurityEventNotificationRequest r = e.notification(Instant.parse("2024-05-10T10:00:00Z"), "é".repeat(300));
            assertEquals(List.of(), Schemas.validate("SecurityEventNotification", false,
                    OcppJson.mapper().valueToTree(r)), e.name());
        }
    }
}
