package org.jevse.evse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.jevse.evse.CommandLineTest.Result;
import org.junit.jupiter.api.Test;

/**
 * The {@code --events json} contract as a bench script reads it: every line is one JSON object with unique keys,
 * {@code type} names the event, and an error event carries EVerest's error type under its own key.
 */
class EventStreamContractTest {

    /** A parser that rejects a repeated key, as strict JSON readers (and bench scripts relying on them) do. */
    private static final ObjectMapper STRICT = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private static final String FAULT_HEAVY = String.join("; ",
            "plugin", "auth DEMO-TAG", "draw_power_regulated 16,3", "sleep 5",
            "error_e", "sleep 2", "plugin", "sleep 2", "draw_power_regulated 16,3", "sleep 5",
            "rcd_current 30", "sleep 2", "rcd_current 0", "sleep 65",
            "diode_fail", "sleep 2", "overdraw 40", "sleep 10", "meter_fail", "sleep 5",
            "ventilation on", "sleep 2", "weld", "unplug", "sleep 5");

    @Test
    void everyEventOfAFaultHeavyRunIsOneObjectWithUniqueKeys() throws Exception {
        Result r = CommandLineTest.jevse("simulate", "--events", "json", "--ev", FAULT_HEAVY);
        assertEquals(0, r.code(), r.err());
        List<JsonNode> errors = new ArrayList<>();
        for (String line : r.out().lines().toList()) {
            JsonNode n = STRICT.readTree(line); // throws on a duplicate key
            assertTrue(n.isObject(), line);
            if ("error".equals(n.path("type").asText())) {
                errors.add(n);
            }
        }
        assertTrue(errors.size() >= 4, "the run raises and clears several errors: " + errors);
        for (JsonNode e : errors) {
            assertFalse(e.path("code").asText().isEmpty(), e.toString());
            assertTrue(e.path("error_type").asText().endsWith("/" + e.path("code").asText()),
                    "EVerest's error type (module/code) under error_type: " + e);
        }
    }
}
