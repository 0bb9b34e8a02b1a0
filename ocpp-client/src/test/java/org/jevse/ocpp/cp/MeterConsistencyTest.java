package org.jevse.ocpp.cp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jevse.ocpp.testkit.UnitChargePoint;
import org.jevse.ocpp.v16.StopTransactionReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The energy register reads the same in every message of a transaction: whole Wh, floored as a register display
 * counts (meterStart and meterStop are integers in Wh by the StopTransaction schema), so meterStop is never below
 * a MeterValues or transactionData value of the same transaction.
 */
class MeterConsistencyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Every Energy.Active.Import.Register value in a CALL's payload (MeterValues or transactionData). */
    private static List<String> registerValues(JsonNode payload) {
        List<String> out = new ArrayList<>();
        for (JsonNode mv : payload.has("meterValue") ? payload.path("meterValue") : payload.path("transactionData")) {
            for (JsonNode s : mv.path("sampledValue")) {
                if ("Energy.Active.Import.Register".equals(s.path("measurand").asText())) {
                    assertEquals("Wh", s.path("unit").asText());
                    out.add(s.path("value").asText());
                }
            }
        }
        return out;
    }

    @Test
    void meterStopIsNeverBelowAMeterValueOfTheSameTransaction() throws Exception {
        UnitChargePoint u = new UnitChargePoint(dir).startAccepted();
        u.config.change(MeteringService.METER_VALUE_SAMPLE_INTERVAL, "60");
        u.config.change(MeteringService.METER_VALUES_SAMPLED_DATA, "Energy.Active.Import.Register");
        u.config.change(MeteringService.STOP_TXN_SAMPLED_DATA, "Energy.Active.Import.Register");
        long t0 = u.sched.wallMs();
        u.cp.meterReading(1, new MeterReading(t0, 0.4, 0.0, null, null, null));
        u.cp.transactionStarted(1, "TAG", 0, t0, null);
        u.answerLast("{\"transactionId\":5,\"idTagInfo\":{\"status\":\"Accepted\"}}");
        u.cp.meterReading(1, new MeterReading(t0 + 61_000, 2.453, 150.0, null, null, null));
        JsonNode mv = u.answerLast("{}");
        assertEquals("MeterValues", mv.get(2).asText());
        // the charger reports the stop in whole Wh, as the StopTransaction schema asks
        u.cp.transactionStopped(1, 2, t0 + 62_000, StopTransactionReason.Local, "TAG");
        JsonNode stop = u.answerLast("{}");
        assertEquals("StopTransaction", stop.get(2).asText());
        long meterStop = stop.get(3).path("meterStop").asLong();

        List<String> values = new ArrayList<>(registerValues(mv.get(3)));
        values.addAll(registerValues(stop.get(3)));
        assertEquals(List.of("2", "0", "2", "2"), values,
                "MeterValues, then transactionData Begin, Sample.Periodic and End, in whole Wh");
        for (String v : values) {
            assertTrue(Double.parseDouble(v) <= meterStop, "meterStop " + meterStop + " is below " + v);
        }
        u.schemas.assertClean();
    }

    @Test
    void aStopBelowTheLastReportedRegisterValueIsRaisedToIt() {
        UnitChargePoint u = new UnitChargePoint(dir).startAccepted();
        u.config.change(MeteringService.METER_VALUE_SAMPLE_INTERVAL, "60");
        u.config.change(MeteringService.METER_VALUES_SAMPLED_DATA, "Energy.Active.Import.Register");
        long t0 = u.sched.wallMs();
        u.cp.transactionStarted(1, "TAG", 10, t0, null);
        u.answerLast("{\"transactionId\":6,\"idTagInfo\":{\"status\":\"Accepted\"}}");
        u.cp.meterReading(1, new MeterReading(t0 + 61_000, 15.7, 150.0, null, null, null));
        u.answerLast("{}");
        // a stop value that lags the reading already reported (the register only counts up)
        u.cp.transactionStopped(1, 14, t0 + 61_500, StopTransactionReason.Local, "TAG");
        JsonNode stop = u.answerLast("{}");
        assertEquals(15, stop.get(3).path("meterStop").asLong());
        u.schemas.assertClean();
    }
}
