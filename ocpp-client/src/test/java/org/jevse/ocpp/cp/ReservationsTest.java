package org.jevse.ocpp.cp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.jevse.ocpp.localauth.LocalListConfig;
import org.jevse.ocpp.smartcharging.ConnectorPhases;
import org.jevse.ocpp.smartcharging.SmartChargingConfig;
import org.jevse.ocpp.testkit.UnitChargePoint;
import org.jevse.ocpp.v16.ErrorCode;
import org.jevse.ocpp.v16.StatusNotificationStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Reservation profile on a manual clock: answers, Reserved status, who may start, expiry, persistence. */
class ReservationsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The CSMS's clock stands at 06:00 after the BootNotification ({@link UnitChargePoint#startAccepted}). */
    private static final String IN_10_MIN = "2026-11-21T06:10:00Z";

    @TempDir
    Path dir;

    private static final class Rig {
        final UnitChargePoint u;
        final Reservations reservations;

        Rig(Path dir, String profiles) throws Exception {
            SmartChargingConfig sc = SmartChargingConfig.singleConnector(32);
            u = new UnitChargePoint(dir, profiles, Features.keys(LocalListConfig.DEFAULT, sc, false),
                    new Features.Setup(Features.open(dir, LocalListConfig.DEFAULT, sc, 10), null,
                            () -> ConnectorPhases.fixed(3), l -> { }));
            reservations = u.cp.features().reservations();
            u.startAccepted();
            status(0, StatusNotificationStatus.Available);
            status(1, StatusNotificationStatus.Available);
        }

        void status(int c, StatusNotificationStatus s) {
            u.cp.statusChanged(c, s, ErrorCode.NoError, null, null, u.sched.wallMs());
            answerStatuses();
        }

        /** Answers every outstanding StatusNotification. */
        void answerStatuses() {
            for (int i = 0; i < 10; i++) {
                JsonNode last = u.lastSent();
                if (last.get(0).asInt() == 2 && "StatusNotification".equals(last.get(2).asText())) {
                    u.answer(last.get(1).asText(), "{}");
                } else {
                    return;
                }
            }
        }

        /** Sends a CALL from the CSMS and returns the payload of the answer. */
        JsonNode call(String action, String payload) throws Exception {
            String id = "csms-" + u.transport.sent.size();
            u.transport.inject("[2,\"" + id + "\",\"" + action + "\"," + payload + "]");
            for (String s : u.transport.sent) {
                JsonNode f = JSON.readTree(s);
                if (f.get(0).asInt() != 2 && id.equals(f.get(1).asText())) {
                    answerStatuses();
                    return f.get(2);
                }
            }
            throw new AssertionError("no answer to " + action);
        }

        String reserve(int id, int connector, String tag, String parent) throws Exception {
            return call("ReserveNow", "{\"connectorId\":" + connector + ",\"expiryDate\":\"" + IN_10_MIN
                    + "\",\"idTag\":\"" + tag + "\"" + (parent == null ? "" : ",\"parentIdTag\":\"" + parent + "\"")
                    + ",\"reservationId\":" + id + "}").path("status").asText();
        }

        /** The statuses sent for connector {@code c}, in order. */
        List<String> statuses(int c) {
            return u.transport.sent.stream().map(s -> {
                try {
                    return JSON.readTree(s);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).filter(f -> f.get(0).asInt() == 2 && "StatusNotification".equals(f.get(2).asText())
                    && f.get(3).path("connectorId").asInt() == c)
                    .map(f -> f.get(3).path("status").asText()).toList();
        }

        String lastStatus(int c) {
            List<String> s = statuses(c);
            return s.get(s.size() - 1);
        }
    }

    @Test
    void aReservedConnectorShowsReservedAndOnlyItsHolderOrGroupMayStart() throws Exception {
        Rig r = new Rig(dir, "Core,Reservation");
        assertEquals("Accepted", r.reserve(7, 1, "HOLDER", "GROUP"));
        assertEquals("Reserved", r.lastStatus(1));
        assertEquals("Available", r.lastStatus(0), "connector 0 is never Reserved");
        assertEquals(Reservations.Verdict.RESERVED_FOR_OTHER, r.reservations.check(1, "STRANGER", null));
        assertEquals(Reservations.Verdict.RESERVED_FOR_OTHER, r.reservations.check(1, "STRANGER", "OTHERGROUP"));
        assertEquals(Reservations.Verdict.HOLDER, r.reservations.check(1, "holder", null), "idTags are case-insensitive");
        assertEquals(Reservations.Verdict.HOLDER, r.reservations.check(1, "MEMBER", "GROUP"));
        assertEquals("Occupied", r.reserve(8, 1, "OTHER", null), "one reservation per connector");
        // A start by a group member ends the reservation and carries its id.
        assertEquals(7, r.reservations.transactionStarted(1, "MEMBER", "GROUP"));
        assertTrue(r.reservations.all().isEmpty());
        assertEquals(Reservations.Verdict.FREE, r.reservations.check(1, "STRANGER", null));
        assertEquals("Available", r.lastStatus(1));
        assertNull(r.reservations.transactionStarted(1, "MEMBER", "GROUP"), "used once");
        r.u.schemas.assertClean();
    }

    @Test
    void reserveNowAnswersFollowTheConnectorsState() throws Exception {
        Rig r = new Rig(dir, "Core,RemoteTrigger");
        assertEquals("Rejected", r.reserve(1, 0, "A", null), "ReserveConnectorZeroSupported is false");
        assertEquals("Rejected", r.reserve(1, 2, "A", null), "no connector 2");
        assertEquals("Rejected", r.call("ReserveNow", "{\"connectorId\":1,\"expiryDate\":\"2026-11-21T05:00:00Z\","
                + "\"idTag\":\"A\",\"reservationId\":1}").path("status").asText(), "already expired");
        r.status(1, StatusNotificationStatus.Preparing);
        assertEquals("Occupied", r.reserve(1, 1, "A", null));
        r.status(1, StatusNotificationStatus.Faulted);
        assertEquals("Faulted", r.reserve(1, 1, "A", null));
        r.status(1, StatusNotificationStatus.Available);
        r.u.cp.availability().set(1, false);
        assertEquals("Unavailable", r.reserve(1, 1, "A", null));
        r.u.cp.availability().set(1, true);
        r.u.cp.transactionStarted(1, "B", 0, r.u.sched.wallMs(), null);
        assertEquals("Occupied", r.reserve(1, 1, "A", null), "a transaction runs");
        assertTrue(r.reservations.all().isEmpty());
        r.u.schemas.assertClean();
    }

    @Test
    void connectorZeroReservesTheOnlyConnector() throws Exception {
        Rig r = new Rig(dir, "Core,Reservation");
        assertEquals("true", r.u.config.get("ReserveConnectorZeroSupported"));
        assertEquals("Accepted", r.reserve(3, 0, "ANY", null));
        assertEquals("Reserved", r.lastStatus(1), "the only connector must stay free for the holder");
        assertEquals(Reservations.Verdict.RESERVED_FOR_OTHER, r.reservations.check(1, "STRANGER", null));
        assertEquals(Reservations.Verdict.HOLDER, r.reservations.check(1, "ANY", null));
        assertEquals("Occupied", r.reserve(4, 0, "SECOND", null), "no connector left for a second one");
        assertEquals(3, r.reservations.transactionStarted(1, "ANY", null));
        r.u.schemas.assertClean();
    }

    @Test
    void cancelAndExpiryEndTheReservation() throws Exception {
        Rig r = new Rig(dir, "Core,Reservation");
        assertEquals("Accepted", r.reserve(1, 1, "A", null));
        assertEquals("Rejected", r.call("CancelReservation", "{\"reservationId\":99}").path("status").asText());
        assertEquals("Accepted", r.call("CancelReservation", "{\"reservationId\":1}").path("status").asText());
        assertEquals("Available", r.lastStatus(1));
        assertEquals(List.of("Available", "Reserved", "Available"), r.statuses(1));
        assertEquals("Accepted", r.reserve(2, 1, "A", null));
        r.u.sched.advance(9 * 60_000);
        assertEquals(1, r.reservations.all().size());
        r.u.sched.advance(2 * 60_000);
        r.answerStatuses();
        assertTrue(r.reservations.all().isEmpty(), "expired at expiryDate");
        assertEquals("Available", r.lastStatus(1));
        r.u.schemas.assertClean();
    }

    @Test
    void reservationsSurviveARestart() throws Exception {
        Rig r = new Rig(dir, "Core,Reservation");
        assertEquals("Accepted", r.reserve(5, 1, "A", "G"));
        Path second = dir.resolve("second");
        java.nio.file.Files.createDirectories(second);
        java.nio.file.Files.copy(dir.resolve("reservations.json"), second.resolve("reservations.json"));
        Rig again = new Rig(second, "Core,Reservation");
        assertEquals(List.of(new Reservations.Reservation(5, 1, "A", "G", r.reservations.all().get(0).expiryMs())),
                again.reservations.all());
        assertEquals("Reserved", again.lastStatus(1));
        assertEquals(Reservations.Verdict.RESERVED_FOR_OTHER, again.reservations.check(1, "B", null));
    }
}
