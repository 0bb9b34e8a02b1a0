package org.jevse.evse.ocpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The schema check NodeCsms applies to every event line: valid payloads pass, broken ones are reported. */
class NodeCsmsSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode ev(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void callsAndResultsFromTheChargePointAreCheckedAgainstTheOcaSchemas() throws Exception {
        assertEquals(0, NodeCsms.violations(ev("{\"ev\":\"call\",\"action\":\"StartTransaction\",\"params\":"
                + "{\"connectorId\":1,\"idTag\":\"RFID-1\",\"meterStart\":0,\"timestamp\":\"2026-11-21T06:00:00Z\"}}"))
                .size());
        assertTrue(!NodeCsms.violations(ev("{\"ev\":\"call\",\"action\":\"StartTransaction\",\"params\":"
                + "{\"connectorId\":1,\"idTag\":\"RFID-1-IS-FAR-TOO-LONG-FOR-OCPP\",\"meterStart\":0,"
                + "\"timestamp\":\"2026-11-21T06:00:00Z\"}}")).isEmpty(), "idTag longer than 20");
        assertTrue(!NodeCsms.violations(ev("{\"ev\":\"call\",\"action\":\"StatusNotification\",\"params\":"
                + "{\"connectorId\":1,\"errorCode\":\"NoError\",\"status\":\"Plugged\"}}")).isEmpty(), "bad enum");
        assertEquals(0, NodeCsms.violations(ev("{\"ev\":\"result\",\"action\":\"ReserveNow\",\"result\":"
                + "{\"status\":\"Accepted\"}}")).size());
        assertTrue(!NodeCsms.violations(ev("{\"ev\":\"result\",\"action\":\"GetConfiguration\",\"result\":"
                + "{\"configurationKey\":[{\"key\":\"K\"}]}}")).isEmpty(), "readonly is required");
        assertEquals(0, NodeCsms.violations(ev("{\"ev\":\"connect\",\"identity\":\"CP\"}")).size());
    }
}
