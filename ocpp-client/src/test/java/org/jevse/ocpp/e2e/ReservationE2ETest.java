package org.jevse.ocpp.e2e;

import static org.jevse.ocpp.testkit.CsmsPeer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Predicate;
import org.jevse.ocpp.cp.Reservations;
import org.jevse.ocpp.testkit.CsmsPeer;
import org.jevse.ocpp.testkit.TestChargePoint;
import org.jevse.ocpp.v16.ErrorCode;
import org.jevse.ocpp.v16.StatusNotificationStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ReserveNow and CancelReservation against ocpp-rpc in strict mode (both directions schema-checked). */
class ReservationE2ETest {

    @TempDir
    Path dir;

    private static Predicate<JsonNode> status(String s) {
        return e -> CsmsPeer.isCall("StatusNotification").test(e)
                && e.path("params").path("connectorId").asInt() == 1 && s.equals(e.path("params").path("status").asText());
    }

    @Test
    void reserveCancelAndAStartThatFulfilsTheReservation() throws Exception {
        try (CsmsPeer csms = CsmsPeer.start();
             TestChargePoint t = new TestChargePoint(csms.uri(), "CP-RES", dir, 1000, true)) {
            t.start();
            Await.until(t.cp::online, "online");
            t.cp.statusChanged(1, StatusNotificationStatus.Available, ErrorCode.NoError, null, null,
                    System.currentTimeMillis());
            csms.await(status("Available"), "Available");
            String expiry = Instant.now().plusSeconds(3600).toString();
            JsonNode r = csms.call("ReserveNow", json("{\"connectorId\":1,\"expiryDate\":\"" + expiry
                    + "\",\"idTag\":\"HOLDER\",\"parentIdTag\":\"GROUP\",\"reservationId\":11}"));
            assertEquals("Accepted", r.path("result").path("status").asText(), r.toString());
            csms.await(status("Reserved"), "Reserved");
            assertEquals(Reservations.Verdict.RESERVED_FOR_OTHER, t.features.reservations().check(1, "X", null));
            JsonNode c = csms.call("CancelReservation", json("{\"reservationId\":11}"));
            assertEquals("Accepted", c.path("result").path("status").asText(), c.toString());
            csms.awaitCount(status("Available"), 2, "Available again");
            assertEquals("Rejected", csms.call("CancelReservation", json("{\"reservationId\":11}"))
                    .path("result").path("status").asText());
            assertEquals("Accepted", csms.call("ReserveNow", json("{\"connectorId\":0,\"expiryDate\":\"" + expiry
                    + "\",\"idTag\":\"HOLDER\",\"reservationId\":12}")).path("result").path("status").asText());
            csms.awaitCount(status("Reserved"), 2, "Reserved for a connector-0 reservation");
            Integer used = t.features.reservations().transactionStarted(1, "HOLDER", null);
            t.cp.transactionStarted(1, "HOLDER", 0, System.currentTimeMillis(), used);
            JsonNode start = csms.awaitCall("StartTransaction");
            assertEquals(12, start.path("params").path("reservationId").asInt(), start.toString());
            t.schemas.assertClean();
            csms.assertNoInvalid();
        }
    }
}
