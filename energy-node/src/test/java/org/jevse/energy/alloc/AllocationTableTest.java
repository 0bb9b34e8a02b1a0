package org.jevse.energy.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Table tests: each JSON file under src/test/resources/alloc-tables is a tree, a sequence of steps in virtual time
 * (limits and leaf reports) and the allocations expected at each step. Every step also checks the hard rule
 * (Σ allocation ≤ limit for every node and phase). The file format is described in docs/energy-tree.md.
 */
class AllocationTableTest {

    static final List<String> TABLES = List.of("fuses-two-levels", "fuses-three-levels", "mixed-1p-3p-rotation",
            "oversubscription-rotation", "vehicle-type-and-demand", "phase-switch", "phase-switch-new-session", "priorities");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> tables() {
        return TABLES.stream().map(name -> DynamicTest.dynamicTest(name, () -> run(name)));
    }

    static JsonNode load(String name) {
        try (InputStream in = AllocationTableTest.class.getResourceAsStream("/alloc-tables/" + name + ".json")) {
            if (in == null) {
                throw new IllegalStateException("missing table " + name);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int ma(JsonNode amps) {
        return (int) Math.round(amps.asDouble() * 1000);
    }

    static int[] phasesMa(JsonNode arr) {
        return new int[] {ma(arr.get(0)), ma(arr.get(1)), ma(arr.get(2))};
    }

    static AllocatorSettings settings(JsonNode s) {
        AllocatorSettings d = AllocatorSettings.defaults();
        if (s == null) {
            return d;
        }
        return new AllocatorSettings(
                s.path("minimum_current_auto").asBoolean(d.minimumCurrentAuto()),
                s.path("minimum_current_vehicle_type").asInt(d.minimumCurrentVehicleType()),
                s.has("minimum_current_A") ? ma(s.get("minimum_current_A")) : d.minimumCurrentMa(),
                s.has("minimum_current_1p_A") ? ma(s.get("minimum_current_1p_A")) : d.minimumCurrent1pMa(),
                s.has("requested_current_threshold_s") ? s.get("requested_current_threshold_s").asLong() * 1000
                        : d.requestedCurrentThresholdMs(),
                s.has("requested_current_margin_A") ? ma(s.get("requested_current_margin_A"))
                        : d.requestedCurrentMarginMa(),
                s.has("rotation_interval_s") ? s.get("rotation_interval_s").asLong() * 1000 : d.rotationIntervalMs(),
                s.has("activation_window_s") ? s.get("activation_window_s").asLong() * 1000 : d.activationWindowMs(),
                s.has("switch_on_hysteresis_s") ? s.get("switch_on_hysteresis_s").asLong() * 1000
                        : d.switchOnHysteresisMs(),
                s.has("phase_switch_hysteresis_s") ? s.get("phase_switch_hysteresis_s").asLong() * 1000
                        : d.phaseSwitchHysteresisMs(),
                s.path("max_phase_switches_per_session").asInt(d.maxPhaseSwitchesPerSession()),
                s.has("phase_up_headroom_A") ? ma(s.get("phase_up_headroom_A")) : d.phaseUpHeadroomMa());
    }

    static void run(String name) {
        run(load(name), name);
    }

    static void run(JsonNode table, String name) {
        List<NodeSpec> nodes = new ArrayList<>();
        for (JsonNode n : table.get("nodes")) {
            nodes.add(new NodeSpec(n.get("id").asText(), n.path("parent").isNull() || n.path("parent").isMissingNode()
                    ? null : n.get("parent").asText(), phasesMa(n.get("limits_A"))));
        }
        Tree tree = new Tree(nodes);
        Allocator allocator = new Allocator(tree, settings(table.get("settings")));
        int[][] limits = tree.configuredLimits();
        Map<String, JsonNode> leafDefs = new LinkedHashMap<>();
        for (JsonNode step : table.get("steps")) {
            long at = step.get("at_s").asLong() * 1000;
            String where = name + " at " + step.get("at_s").asLong() + " s";
            if (step.has("limits_A")) {
                for (Iterator<Map.Entry<String, JsonNode>> it = step.get("limits_A").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    limits[tree.indexOf(e.getKey())] = phasesMa(e.getValue());
                }
            }
            if (step.has("leaves")) {
                for (JsonNode l : step.get("leaves")) {
                    String id = l.get("id").asText();
                    JsonNode merged = leafDefs.containsKey(id) ? merge(leafDefs.get(id), l) : l;
                    leafDefs.put(id, merged);
                }
            }
            List<LeafInput> inputs = new ArrayList<>();
            for (JsonNode l : leafDefs.values()) {
                inputs.add(leaf(l));
            }
            List<Allocation> result = allocator.allocate(at, limits, inputs);
            checkHardRule(tree, limits, inputs, result, where);
            JsonNode expect = step.get("expect");
            for (Iterator<Map.Entry<String, JsonNode>> it = expect.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Allocation a = result.stream().filter(r -> r.leafId().equals(e.getKey())).findFirst()
                        .orElseThrow(() -> new AssertionError(where + ": no allocation for " + e.getKey()));
                JsonNode x = e.getValue();
                String who = where + ", leaf " + e.getKey() + " (" + a + ")";
                assertEquals(ma(x.get("A")), a.currentMa(), who + ": current");
                if (x.has("phases")) {
                    assertEquals(x.get("phases").asInt(), a.phases(), who + ": phases");
                }
                if (x.has("reason")) {
                    assertEquals(x.get("reason").asText(), a.reason().wire(), who + ": reason");
                }
                if (x.has("detail")) {
                    assertEquals(x.get("detail").asText(), a.detail(), who + ": detail");
                }
            }
        }
    }

    private static JsonNode merge(JsonNode base, JsonNode update) {
        var copy = base.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy).setAll((com.fasterxml.jackson.databind.node.ObjectNode) update);
        return copy;
    }

    static LeafInput leaf(JsonNode l) {
        int phases = l.path("phases").asInt(3);
        boolean can1p = l.path("can_1p").asBoolean(phases == 1);
        boolean can3p = l.path("can_3p").asBoolean(phases == 3);
        return new LeafInput(l.get("id").asText(), l.get("node").asText(),
                PhaseRotation.valueOf(l.path("rotation").asText("L123")),
                LeafState.valueOf(l.path("state").asText("charging").toUpperCase(java.util.Locale.ROOT)),
                l.has("min_A") ? ma(l.get("min_A")) : 0, ma(l.path("max_A").isMissingNode() ? JSON.valueToTree(32) : l.get("max_A")),
                phases, can1p, can3p, l.path("can_switch").asBoolean(false),
                l.has("measured_A") ? ma(l.get("measured_A")) : -1,
                l.path("priority").asInt(LeafInput.DEFAULT_PRIORITY));
    }

    /** Σ allocation ≤ limit for every node and grid phase. */
    static void checkHardRule(Tree tree, int[][] limits, List<LeafInput> inputs, List<Allocation> result,
                              String where) {
        long[] sum = new long[tree.size() * 3];
        for (int i = 0; i < inputs.size(); i++) {
            Allocation a = result.get(i);
            assertEquals(inputs.get(i).id(), a.leafId());
            if (a.currentMa() == 0) {
                continue;
            }
            int mask = inputs.get(i).rotation().mask(a.phases()) | inputs.get(i).rotation().mask(inputs.get(i).phasesInUse());
            for (int nd : tree.path(tree.indexOf(inputs.get(i).node()))) {
                for (int p = 0; p < 3; p++) {
                    if ((mask & (1 << p)) != 0) {
                        sum[nd * 3 + p] += a.currentMa();
                    }
                }
            }
        }
        for (int nd = 0; nd < tree.size(); nd++) {
            for (int p = 0; p < 3; p++) {
                if (sum[nd * 3 + p] > limits[nd][p]) {
                    fail(where + ": node " + tree.node(nd).id() + " L" + (p + 1) + " allocated " + sum[nd * 3 + p]
                            + " mA > limit " + limits[nd][p]);
                }
            }
        }
    }

    // A table that expects something else must fail: the runner is not vacuous.
    @org.junit.jupiter.api.Test
    void aWrongExpectationFails() {
        JsonNode table = load("fuses-two-levels");
        assertFalse(table.get("steps").isEmpty());
        String broken = table.toString().replace("\"A\": 18.002", "\"A\": 18.5").replace("\"A\":18.002", "\"A\":18.5");
        assertTrue(broken.contains("18.5"), "the mutation must apply");
        AssertionError err = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> {
            try {
                run(JSON.readTree(broken), "mutated");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertTrue(err.getMessage().contains("c1"), err.getMessage());
    }

}
