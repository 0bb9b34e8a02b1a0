package org.jevse.energy.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireTest {

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static LeafStatus status() {
        return new LeafStatus(1, "cp1", 7, "charging", new int[] {6000, 6000, 6000}, new int[] {32000, 32000, 32000},
                new LeafStatus.Phases(3, List.of(1, 3), true), new int[] {15900, 16000, 16100}, 11000, 12345.5, 800,
                0, new LeafStatus.Applied("e1", 42, 16000, 3, 9500), false);
    }

    @Test
    void statusAndAllocationRoundTrip() throws Exception {
        LeafStatus s = status();
        String json = new String(Wire.encode(s), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"leaf_id\":\"cp1\""), json);
        assertTrue(json.contains("\"can_switch_now\":true"), json);
        LeafStatus back = Wire.decodeStatus(b(json));
        assertEquals(s.applied(), back.applied());
        assertEquals(s.phases(), back.phases());
        LeafAllocation a = new LeafAllocation(1, "cp1", "e1", 3, 16000, 3, 10, "fair_share", "fuse L2 of node garage");
        assertEquals(a, Wire.decodeAllocation(Wire.encode(a)));
        assertTrue(new String(Wire.encode(a), StandardCharsets.UTF_8).contains("\"valid_for\":10"));
    }

    @Test
    void malformedAndWrongVersionPayloadsAreRejectedWithAReason() {
        String good = new String(Wire.encode(new LeafAllocation(1, "cp1", "e1", 3, 16000, 3, 10, "fair_share", "")),
                StandardCharsets.UTF_8);
        List<String> bad = List.of("", "not json", "[]", "42", "{}", good.replace("\"v\":1", "\"v\":2"),
                good.replace("\"v\":1", "\"v\":\"1\""), good.replace("\"phases\":3", "\"phases\":2"),
                good.replace("\"current_ma\":16000", "\"current_ma\":-1"),
                good.replace("\"current_ma\":16000", "\"current_ma\":16000.5"),
                good.replace("\"valid_for\":10", "\"valid_for\":0"), good.replace("}", ",\"extra\":1}"),
                good.replace(",\"detail\":\"\"", ""), good + "{}", "{\"v\":1,\"leaf_id\":null}");
        for (String p : bad) {
            BadPayload e = assertThrows(BadPayload.class, () -> Wire.decodeAllocation(b(p)), p);
            assertTrue(!e.getMessage().isEmpty() && !e.getMessage().contains("\n"), e.getMessage());
        }
        String st = new String(Wire.encode(status()), StandardCharsets.UTF_8);
        for (String p : List.of(st.replace("\"charging\"", "\"flying\""), st.replace("[1,3]", "[2]"),
                st.replace("\"min_ma\":[6000,6000,6000]", "\"min_ma\":[6000]"), st.replace("\"v\":1", "\"v\":0"))) {
            assertThrows(BadPayload.class, () -> Wire.decodeStatus(b(p)), p);
        }
    }

    @Test
    void availableCurrentUpdateAcceptsAnObjectOrABareNumber() throws Exception {
        assertEquals(16000, Wire.decodeAvailableCurrent(b("{\"current\": 16000}")));
        assertEquals(12000, Wire.decodeAvailableCurrent(b("12000")));
        for (String p : List.of("{\"current\": \"16000\"}", "{\"current\": 1.5}", "-5", "{\"cur\": 1}",
                "{\"current\": 1, \"x\": 2}", "true", "")) {
            assertThrows(BadPayload.class, () -> Wire.decodeAvailableCurrent(b(p)), p);
        }
    }

    @Test
    void aPayloadLargerThanTheContractAllowsIsRejectedBeforeItIsParsed() {
        String big = "{\"v\":1,\"leaf_id\":\"cp1\",\"epoch\":\"e1\",\"seq\":3,\"current_ma\":16000,\"phases\":3,"
                + "\"valid_for\":10,\"reason\":\"fair_share\",\"detail\":\"" + "d".repeat(20_000) + "\"}";
        BadPayload e = assertThrows(BadPayload.class, () -> Wire.decodeAllocation(b(big)));
        assertTrue(e.getMessage().startsWith("payload of " + big.length() + " bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("allowed: at most " + Wire.MAX_PAYLOAD_BYTES + " bytes"), e.getMessage());
        for (String p : List.of(big, "[" + "0,".repeat(10_000) + "0]")) {
            assertThrows(BadPayload.class, () -> Wire.decodeStatus(b(p)));
            assertThrows(BadPayload.class, () -> Wire.decodeAvailableCurrent(b(p)));
        }
    }

    @Test
    void deeplyNestedJsonIsRejectedInOneLine() {
        String deep = "{\"v\":1,\"leaf_id\":" + "[".repeat(2000) + "]".repeat(2000) + "}";
        BadPayload e = assertThrows(BadPayload.class, () -> Wire.decodeStatus(b(deep)));
        assertTrue(!e.getMessage().contains("\n") && e.getMessage().length() <= 200, e.getMessage());
    }

    /** Every id at its longest and every number at its widest: what jevse sends stays far below every limit. */
    @Test
    void theLargestMessagesOfTheContractFitInOneKiB() throws Exception {
        String id = "i".repeat(64);
        int[] wide = {-1, 1_000_000, 999_999};
        LeafStatus status = new LeafStatus(1, id, Long.MAX_VALUE, "ev_paused", new int[] {999_999, 999_999, 999_999},
                new int[] {999_999, 999_999, 999_999}, new LeafStatus.Phases(3, List.of(1, 3), true), wide,
                123_456.78901234567, 987_654_321_098.7654, 987_654_321_098.7654, 1_000_000,
                new LeafStatus.Applied(id, Long.MAX_VALUE, 1_000_000, 3, 3_599_999), true);
        LeafAllocation allocation = new LeafAllocation(1, id, id, Long.MAX_VALUE, 1_000_000, 3, 3600,
                "waiting_for_reductions", "d".repeat(256));
        int statusBytes = Wire.encode(status).length;
        int allocationBytes = Wire.encode(allocation).length;
        assertTrue(statusBytes < 1024, "status: " + statusBytes + " bytes");
        assertTrue(allocationBytes < 1024, "allocation: " + allocationBytes + " bytes");
        assertEquals(status.applied(), Wire.decodeStatus(Wire.encode(status)).applied());
        assertEquals(allocation, Wire.decodeAllocation(Wire.encode(allocation)));
    }
}
