package org.jevse.energy.wire;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract's ranges (docs/energy-tree.md, "Ranges"), field by field: a message with one value out of its range
 * is rejected as a whole, and the reason names the field and what is allowed; the bounds themselves are accepted.
 */
class WireRangesTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static final String STATUS = """
            {"v":1,"leaf_id":"cp1","seq":812,"state":"charging",
             "min_ma":[6000,6000,6000],"max_ma":[32000,32000,32000],
             "phases":{"in_use":3,"possible":[1,3],"can_switch_now":false},
             "measured_ma":[15900,16000,16100],"power_w":11040.0,"energy_wh":123456.0,"session_energy_wh":5400.0,
             "failsafe_ma":0,
             "applied":{"epoch":"5f1c2a9e","seq":77,"current_ma":16000,"phases":3,"lease_remaining_ms":9400},
             "urgent":false}""";

    static final String ALLOCATION = """
            {"v":1,"leaf_id":"cp1","epoch":"5f1c2a9e","seq":78,"current_ma":10666,"phases":3,"valid_for":10,
             "reason":"fair_share","detail":"fuse L1 of node garage"}""";

    static final String LONG_ID = "x".repeat(65);

    /** field path (a.b for nested), the bad value as JSON, the field name the reason must give. */
    static Stream<Arguments> badStatusFields() {
        return Stream.of(
                Arguments.of("leaf_id", "\"\"", "leaf_id"),
                Arguments.of("leaf_id", "\"" + LONG_ID + "\"", "leaf_id"),
                Arguments.of("leaf_id", "\"cp/1\"", "leaf_id"),
                Arguments.of("leaf_id", "\"cp+\"", "leaf_id"),
                Arguments.of("leaf_id", "\"cp#\"", "leaf_id"),
                Arguments.of("seq", "0", "seq"),
                Arguments.of("seq", "-1", "seq"),
                Arguments.of("state", "\"flying\"", "state"),
                Arguments.of("min_ma", "[-1,6000,6000]", "min_ma[0]"),
                Arguments.of("min_ma", "[6000,6000,1000001]", "min_ma[2]"),
                Arguments.of("min_ma", "[6000]", "min_ma"),
                Arguments.of("max_ma", "[32000,-5,32000]", "max_ma[1]"),
                Arguments.of("max_ma", "[2000000,32000,32000]", "max_ma[0]"),
                Arguments.of("max_ma", "[32000,32000,32000,32000]", "max_ma"),
                Arguments.of("phases.in_use", "2", "phases.in_use"),
                Arguments.of("phases.in_use", "-1", "phases.in_use"),
                Arguments.of("phases.possible", "[]", "phases.possible"),
                Arguments.of("phases.possible", "[2]", "phases.possible"),
                Arguments.of("phases.possible", "[1,1]", "phases.possible"),
                Arguments.of("phases.possible", "[1,3,3]", "phases.possible"),
                Arguments.of("measured_ma", "[-100000,16000,16100]", "measured_ma[0]"),
                Arguments.of("measured_ma", "[15900,-2,16100]", "measured_ma[1]"),
                Arguments.of("measured_ma", "[15900,16000,1000001]", "measured_ma[2]"),
                Arguments.of("measured_ma", "[15900,16000]", "measured_ma"),
                Arguments.of("power_w", "-1.0", "power_w"),
                Arguments.of("power_w", "1.0E7", "power_w"),
                Arguments.of("power_w", "1e400", "power_w"),
                Arguments.of("energy_wh", "-0.5", "energy_wh"),
                Arguments.of("energy_wh", "1.0E13", "energy_wh"),
                Arguments.of("session_energy_wh", "-1.0", "session_energy_wh"),
                Arguments.of("session_energy_wh", "1.0E13", "session_energy_wh"),
                Arguments.of("failsafe_ma", "-1", "failsafe_ma"),
                Arguments.of("failsafe_ma", "1000001", "failsafe_ma"),
                Arguments.of("applied.epoch", "\"\"", "applied.epoch"),
                Arguments.of("applied.epoch", "\"" + LONG_ID + "\"", "applied.epoch"),
                Arguments.of("applied.seq", "0", "applied.seq"),
                Arguments.of("applied.current_ma", "-1", "applied.current_ma"),
                Arguments.of("applied.current_ma", "1000001", "applied.current_ma"),
                Arguments.of("applied.phases", "2", "applied.phases"),
                Arguments.of("applied.phases", "0", "applied.phases"),
                Arguments.of("applied.lease_remaining_ms", "-1", "applied.lease_remaining_ms"),
                Arguments.of("applied.lease_remaining_ms", "3600001", "applied.lease_remaining_ms"));
    }

    static Stream<Arguments> badAllocationFields() {
        return Stream.of(
                Arguments.of("leaf_id", "\"\"", "leaf_id"),
                Arguments.of("leaf_id", "\"" + LONG_ID + "\"", "leaf_id"),
                Arguments.of("leaf_id", "\"cp/1\"", "leaf_id"),
                Arguments.of("epoch", "\"\"", "epoch"),
                Arguments.of("epoch", "\"" + LONG_ID + "\"", "epoch"),
                Arguments.of("seq", "0", "seq"),
                Arguments.of("current_ma", "-1", "current_ma"),
                Arguments.of("current_ma", "1000001", "current_ma"),
                Arguments.of("phases", "2", "phases"),
                Arguments.of("valid_for", "0", "valid_for"),
                Arguments.of("valid_for", "3601", "valid_for"),
                Arguments.of("reason", "\"because\"", "reason"),
                Arguments.of("detail", "\"" + "d".repeat(257) + "\"", "detail"));
    }

    @ParameterizedTest(name = "status {0} = {1}")
    @MethodSource("badStatusFields")
    void aStatusWithOneFieldOutOfRangeIsRejectedNamingTheFieldAndTheRange(String path, String value, String field) {
        byte[] p = with(STATUS, path, value);
        BadPayload e = assertThrows(BadPayload.class, () -> Wire.decodeStatus(p), new String(p, StandardCharsets.UTF_8));
        assertNamesFieldAndRange(e, field);
    }

    @ParameterizedTest(name = "allocation {0} = {1}")
    @MethodSource("badAllocationFields")
    void anAllocationWithOneFieldOutOfRangeIsRejectedNamingTheFieldAndTheRange(String path, String value,
                                                                              String field) {
        byte[] p = with(ALLOCATION, path, value);
        BadPayload e = assertThrows(BadPayload.class, () -> Wire.decodeAllocation(p),
                new String(p, StandardCharsets.UTF_8));
        assertNamesFieldAndRange(e, field);
    }

    static Stream<Arguments> wrongTypes() {
        return Stream.of(
                Arguments.of("seq", "\"812\"", "seq"),
                Arguments.of("urgent", "\"true\"", "urgent"),
                Arguments.of("failsafe_ma", "0.5", "failsafe_ma"),
                Arguments.of("measured_ma", "[\"1\",2,3]", "measured_ma[0]"),
                Arguments.of("phases.can_switch_now", "1", "phases.can_switch_now"),
                Arguments.of("applied.current_ma", "\"16000\"", "applied.current_ma"));
    }

    @ParameterizedTest(name = "status {0} = {1}")
    @MethodSource("wrongTypes")
    void aValueOfTheWrongTypeIsRejectedNamingTheField(String path, String value, String field) {
        byte[] p = with(STATUS, path, value);
        BadPayload e = assertThrows(BadPayload.class, () -> Wire.decodeStatus(p), new String(p, StandardCharsets.UTF_8));
        assertTrue(e.getMessage().startsWith(field + ":"), "names " + field + ": " + e.getMessage());
    }

    @Test
    void anAvailableCurrentUpdateBelowZeroIsRejectedNamingCurrentAndTheRange() {
        for (String p : List.of("-5", "{\"current\": -1}")) {
            BadPayload e = assertThrows(BadPayload.class, () -> Wire.decodeAvailableCurrent(b(p)), p);
            assertNamesFieldAndRange(e, "current");
        }
    }

    @Test
    void theBoundsThemselvesAreAccepted() {
        String id64 = "\"" + "x".repeat(64) + "\"";
        for (String[] c : new String[][] {{"measured_ma", "[-1,0,1000000]"}, {"min_ma", "[0,0,1000000]"},
                {"max_ma", "[0,1000000,0]"}, {"seq", "1"}, {"seq", "9223372036854775807"}, {"phases.in_use", "0"},
                {"phases.possible", "[3]"}, {"phases.possible", "[3,1]"}, {"power_w", "0"}, {"power_w", "1000000"},
                {"energy_wh", "1.0E12"}, {"session_energy_wh", "0"}, {"failsafe_ma", "1000000"},
                {"applied.lease_remaining_ms", "3600000"}, {"applied.lease_remaining_ms", "0"},
                {"applied.current_ma", "0"}, {"applied.phases", "1"}, {"applied", "null"}, {"applied.epoch", id64}}) {
            assertDoesNotThrow(() -> Wire.decodeStatus(with(STATUS, c[0], c[1])), c[0] + " = " + c[1]);
        }
        for (String[] c : new String[][] {{"current_ma", "0"}, {"current_ma", "1000000"}, {"valid_for", "1"},
                {"valid_for", "3600"}, {"detail", "\"" + "d".repeat(256) + "\""}, {"detail", "\"\""},
                {"reason", "\"waiting_for_reductions\""}, {"epoch", id64}, {"leaf_id", id64}, {"phases", "1"}}) {
            assertDoesNotThrow(() -> Wire.decodeAllocation(with(ALLOCATION, c[0], c[1])), c[0] + " = " + c[1]);
        }
        assertDoesNotThrow(() -> Wire.decodeAvailableCurrent(b("0")));
    }

    static void assertNamesFieldAndRange(BadPayload e, String field) {
        String m = e.getMessage();
        assertTrue(m.startsWith(field + " ") || m.startsWith(field + ":"), "names " + field + " first: " + m);
        assertTrue(m.contains("allowed"), "says what is allowed: " + m);
        assertTrue(!m.contains("\n") && m.length() <= 200, "one short line: " + m);
    }

    /** {@code json} with the field at {@code path} (a.b for nested) set to the JSON {@code value}. */
    static byte[] with(String json, String path, String value) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(json);
            String[] parts = path.split("\\.");
            ObjectNode at = root;
            for (int i = 0; i < parts.length - 1; i++) {
                at = (ObjectNode) at.get(parts[i]);
            }
            // A placeholder, then the value's own text: the reader sees exactly what an attacker would send (1e400).
            at.put(parts[parts.length - 1], "@@VALUE@@");
            return b(JSON.writeValueAsString(root).replace("\"@@VALUE@@\"", value));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
