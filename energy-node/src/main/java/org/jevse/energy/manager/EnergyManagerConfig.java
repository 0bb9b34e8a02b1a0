package org.jevse.energy.manager;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jevse.energy.alloc.AllocatorSettings;
import org.jevse.energy.alloc.NodeSpec;
import org.jevse.energy.alloc.PhaseRotation;

/**
 * The energy manager's YAML file ({@code jevse energy-manager --config FILE}); docs/energy-tree.md lists every key.
 * Keys that WARP's charge_manager has keep its names and units (mA, seconds); a missing key takes its default, an
 * unknown key or a wrong type stops start-up with one line naming the file.
 */
public record EnergyManagerConfig(
        @JsonProperty("broker_url") String brokerUrl,
        @JsonProperty("username") String username,
        @JsonProperty("password") String password,
        @JsonProperty("topic_prefix") String topicPrefix,
        @JsonProperty("client_id") String clientId,
        @JsonProperty("cycle_ms") Integer cycleMs,
        @JsonProperty("valid_for_s") Integer validForS,
        @JsonProperty("transit_margin_ms") Integer transitMarginMs,
        @JsonProperty("enable_watchdog") Boolean enableWatchdog,
        @JsonProperty("default_available_current") Integer defaultAvailableCurrent,
        @JsonProperty("maximum_available_current") Integer maximumAvailableCurrent,
        @JsonProperty("minimum_current_auto") Boolean minimumCurrentAuto,
        @JsonProperty("minimum_current_vehicle_type") Integer minimumCurrentVehicleType,
        @JsonProperty("minimum_current") Integer minimumCurrent,
        @JsonProperty("minimum_current_1p") Integer minimumCurrent1p,
        @JsonProperty("requested_current_threshold") Integer requestedCurrentThreshold,
        @JsonProperty("requested_current_margin") Integer requestedCurrentMargin,
        @JsonProperty("rotation_interval_s") Integer rotationIntervalS,
        @JsonProperty("activation_window_s") Integer activationWindowS,
        @JsonProperty("switch_on_hysteresis_s") Integer switchOnHysteresisS,
        @JsonProperty("phase_switch_hysteresis_s") Integer phaseSwitchHysteresisS,
        @JsonProperty("max_phase_switches_per_session") Integer maxPhaseSwitchesPerSession,
        @JsonProperty("nodes") List<Node> nodes,
        @JsonProperty("chargers") List<Charger> chargers) {

    /** A tree node; the one without parent is the site connection. */
    public record Node(@JsonProperty("id") String id, @JsonProperty("parent") String parent,
                       @JsonProperty("limits_A") List<Double> limitsA) {
        public Node {
            require(id != null && !id.isEmpty(), "nodes: every node needs an id");
            require(limitsA != null && limitsA.size() == 3 && limitsA.stream().allMatch(a -> a != null && a >= 0),
                    "node " + id + ": limits_A needs three non-negative values (L1, L2, L3)");
        }

        NodeSpec spec() {
            return new NodeSpec(id, parent, new int[] {ma(limitsA.get(0)), ma(limitsA.get(1)), ma(limitsA.get(2))});
        }
    }

    /** A charger (leaf) attached to a node. */
    public record Charger(@JsonProperty("id") String id, @JsonProperty("node") String node,
                          @JsonProperty("rotation") PhaseRotation rotation,
                          @JsonProperty("max_current_A") Double maxCurrentA) {
        public Charger {
            require(id != null && !id.isEmpty(), "chargers: every charger needs an id");
            require(node != null && !node.isEmpty(), "charger " + id + ": node is missing");
            rotation = rotation == null ? PhaseRotation.UNKNOWN : rotation;
            maxCurrentA = maxCurrentA == null ? 32.0 : maxCurrentA;
            require(maxCurrentA >= 0 && maxCurrentA <= 80, "charger " + id + ": max_current_A must be 0..80");
        }
    }

    public EnergyManagerConfig {
        brokerUrl = def(brokerUrl, "tcp://127.0.0.1:1883");
        username = def(username, "");
        password = def(password, "");
        topicPrefix = def(topicPrefix, "jevse");
        clientId = def(clientId, "jevse-energy-manager");
        cycleMs = def(cycleMs, 1000);
        validForS = def(validForS, 10);
        transitMarginMs = def(transitMarginMs, 2000);
        enableWatchdog = def(enableWatchdog, false);
        minimumCurrentAuto = def(minimumCurrentAuto, true);
        minimumCurrentVehicleType = def(minimumCurrentVehicleType, 0);
        minimumCurrent = def(minimumCurrent, 6000);
        minimumCurrent1p = def(minimumCurrent1p, 6000);
        requestedCurrentThreshold = def(requestedCurrentThreshold, 60);
        requestedCurrentMargin = def(requestedCurrentMargin, 3000);
        rotationIntervalS = def(rotationIntervalS, 900);
        activationWindowS = def(activationWindowS, 10);
        switchOnHysteresisS = def(switchOnHysteresisS, 60);
        phaseSwitchHysteresisS = def(phaseSwitchHysteresisS, 210);
        maxPhaseSwitchesPerSession = def(maxPhaseSwitchesPerSession, 5);
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        chargers = chargers == null ? List.of() : List.copyOf(chargers);
        require(cycleMs >= 50 && cycleMs <= 10_000, "cycle_ms must be 50..10000");
        require(validForS >= 1 && validForS <= 3600, "valid_for_s must be 1..3600");
        require(validForS * 1000L > cycleMs, "valid_for_s must be longer than one cycle");
        require(transitMarginMs >= 0, "transit_margin_ms must not be negative");
        require(minimumCurrentVehicleType == 0 || minimumCurrentVehicleType == 1,
                "minimum_current_vehicle_type must be 0 or 1");
        require(minimumCurrent >= 6000 && minimumCurrent <= 32000, "minimum_current must be 6000..32000 mA");
        require(minimumCurrent1p >= 6000 && minimumCurrent1p <= 32000, "minimum_current_1p must be 6000..32000 mA");
        require(requestedCurrentThreshold >= 0, "requested_current_threshold must not be negative");
        require(requestedCurrentMargin >= 0, "requested_current_margin must not be negative");
        require(rotationIntervalS >= 0 && activationWindowS >= 0 && switchOnHysteresisS >= 0
                && phaseSwitchHysteresisS >= 0 && maxPhaseSwitchesPerSession >= 0, "times and counts must not be negative");
        require(!nodes.isEmpty(), "nodes: the tree needs at least the site connection");
        require(maximumAvailableCurrent == null || maximumAvailableCurrent >= 0,
                "maximum_available_current must not be negative");
        require(defaultAvailableCurrent == null || defaultAvailableCurrent >= 0,
                "default_available_current must not be negative");
        Set<String> ids = new HashSet<>();
        for (Charger c : chargers) {
            require(ids.add(c.id()), "charger " + c.id() + " is listed twice");
            require(nodes.stream().anyMatch(n -> n.id().equals(c.node())),
                    "charger " + c.id() + ": unknown node " + c.node());
        }
    }

    public List<NodeSpec> nodeSpecs() {
        return nodes.stream().map(Node::spec).toList();
    }

    public AllocatorSettings allocatorSettings() {
        return new AllocatorSettings(minimumCurrentAuto, minimumCurrentVehicleType, minimumCurrent, minimumCurrent1p,
                requestedCurrentThreshold * 1000L, requestedCurrentMargin, rotationIntervalS * 1000L,
                activationWindowS * 1000L, switchOnHysteresisS * 1000L, phaseSwitchHysteresisS * 1000L,
                maxPhaseSwitchesPerSession, 2000);
    }

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                    DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                    DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                    DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();

    /** Reads a file; any problem is an IllegalArgumentException with one line naming the file. */
    public static EnergyManagerConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    public static EnergyManagerConfig parse(String yaml, String source) {
        try {
            EnergyManagerConfig c = YAML.readValue(yaml, EnergyManagerConfig.class);
            if (c == null) {
                throw new IllegalArgumentException(source + ": empty file; the tree needs at least nodes:");
            }
            return c;
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException(source + ": unknown key " + e.getPropertyName() + "; allowed: "
                    + e.getKnownPropertyIds());
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause();
            String msg = cause instanceof IllegalArgumentException ? cause.getMessage() : e.getOriginalMessage();
            throw new IllegalArgumentException(source + ": " + msg.lines().findFirst().orElse(msg));
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static int ma(double amps) {
        return (int) Math.round(amps * 1000);
    }

    private static <T> T def(T v, T d) {
        return v == null ? d : v;
    }

    private static void require(boolean ok, String msg) {
        if (!ok) {
            throw new IllegalArgumentException(msg);
        }
    }
}
