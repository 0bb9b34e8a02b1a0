package org.jevse.energy.manager;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jevse.config.ApiConfig;
import org.jevse.config.ConfigLoader;
import org.jevse.config.ConfigReference;
import org.jevse.config.Key;
import org.jevse.config.TopicLevel;
import org.jevse.energy.alloc.PhaseRotation;

/**
 * The energy manager's file ({@code jevse energy-manager --config FILE}): the tree of fuses and chargers and how
 * the allocation behaves (docs/energy-tree.md). Keys not marked jevse are WARP's charge_manager options and keep
 * its names and units (mA, seconds). The checks that span keys are here; each key's own range is on its {@link Key}.
 */
public record EnergyManagerFile(
        @Key(name = "broker_url", def = "tcp://127.0.0.1:1883", jevse = true,
             doc = "MQTT broker of the energy tree, e.g. tcp://127.0.0.1:1883 or ssl://broker:8883.")
        String brokerUrl,
        @Key(name = "username", def = "''", jevse = true,
             doc = "MQTT user name. Empty: connect without credentials.")
        String username,
        @Key(name = "password", def = "''", jevse = true, secret = true,
             doc = "MQTT password (used with username).")
        String password,
        @Key(name = "ca_file", def = "''", jevse = true,
             doc = "PEM file of the CA that signed an ssl:// broker_url's certificate. Empty: the JVM's trust store.")
        String caFile,
        @Key(name = "client_certificate_file", def = "''", jevse = true,
             doc = "PEM client certificate for an ssl:// broker_url; with client_key_file it gives mutual TLS. Empty: no client certificate.")
        String clientCertFile,
        @Key(name = "client_key_file", def = "''", jevse = true,
             doc = "PEM private key of client_certificate_file.")
        String clientKeyFile,
        @Key(name = "topic_prefix", def = "jevse", jevse = true,
             doc = "MQTT topic prefix, the same on the manager and every leaf (the chargers' energy.topic_prefix).")
        String topicPrefix,
        @Key(name = "maximum_packet_size", def = "262144", min = 4096, max = 4194304, jevse = true,
             doc = "The largest MQTT packet in bytes the manager receives or sends. Announced to the broker in CONNECT (MQTT 5 Maximum Packet Size), so the broker never delivers a larger message to the manager; a larger one that arrives anyway closes the connection. Statuses are under 1 KiB; charge_manager/state grows by about 150 bytes a charger and is not published when it does not fit (a warning says so).")
        int maximumPacketSize,
        @Key(name = "client_id", def = "jevse-energy-manager", jevse = true,
             doc = "MQTT client id; each start appends its own epoch, so a restarted manager never collides with the old session.")
        String clientId,
        @Key(name = "cycle_ms", def = "1000", min = 50, max = 10000, jevse = true,
             doc = "Raises and rebalancing run at least this often (ms); cuts and leaf changes run at once.")
        int cycleMs,
        @Key(name = "valid_for_s", def = "10", min = 1, max = 3600, jevse = true,
             doc = "The lease of every grant in seconds (EVerest: 10 × update interval); must be longer than one cycle.")
        int validForS,
        @Key(name = "transit_margin_ms", def = "2000", min = 0, jevse = true,
             doc = "Added to a grant's lease in the manager's accounting, for the time from publish to the broker.")
        int transitMarginMs,
        @Key(name = "enable_watchdog", def = "false",
             doc = "Without an available_current_update for 30 s, the available current returns to default_available_current.")
        boolean enableWatchdog,
        @Key(name = "default_available_current", min = 0,
             doc = "Available current in mA at start and after the watchdog. Not set: maximum_available_current.")
        Integer defaultAvailableCurrent,
        @Key(name = "maximum_available_current", min = 0,
             doc = "Upper bound in mA of the available current; updates are clamped to it. Not set (or 0): the site's largest phase limit.")
        Integer maximumAvailableCurrent,
        @Key(name = "minimum_current_auto", def = "true",
             doc = "Take the minimum currents from minimum_current_vehicle_type instead of minimum_current and minimum_current_1p.")
        boolean minimumCurrentAuto,
        @Key(name = "minimum_current_vehicle_type", def = "0", min = 0, max = 1,
             doc = "With minimum_current_auto: 0 is 6 A on 1 and 3 phases; 1 (ZOE and relatives) is 6 A on 1 phase, 9.2 A on 3.")
        int minimumCurrentVehicleType,
        @Key(name = "minimum_current", def = "6000", min = 6000, max = 32000,
             doc = "Minimum current in mA of a 3-phase charger, when minimum_current_auto is false.")
        int minimumCurrent,
        @Key(name = "minimum_current_1p", def = "6000", min = 6000, max = 32000,
             doc = "Minimum current in mA of a 1-phase charger, when minimum_current_auto is false.")
        int minimumCurrent1p,
        @Key(name = "requested_current_threshold", def = "60", min = 0,
             doc = "Seconds of charging before measured currents are trusted for demand tracking.")
        int requestedCurrentThreshold,
        @Key(name = "requested_current_margin", def = "3000", min = 0,
             doc = "mA added to the largest measured phase current in demand tracking.")
        int requestedCurrentMargin,
        @Key(name = "rotation_interval_s", def = "900", min = 0, jevse = true,
             doc = "Rotate this often while someone waits for lack of current (s); 0: never.")
        int rotationIntervalS,
        @Key(name = "activation_window_s", def = "10", min = 0, jevse = true,
             doc = "A leaf is switched on only if its minimum fits under the lowest limit of this window (s).")
        int activationWindowS,
        @Key(name = "switch_on_hysteresis_s", def = "60", min = 0, jevse = true,
             doc = "A leaf switched off by the manager stays off at least this long (s).")
        int switchOnHysteresisS,
        @Key(name = "phase_switch_hysteresis_s", def = "210", min = 0, jevse = true,
             doc = "At least this long between two phase switches of a leaf (s; WARP's 210 s).")
        int phaseSwitchHysteresisS,
        @Key(name = "max_phase_switches_per_session", def = "5", min = 0, jevse = true,
             doc = "Phase switches allowed per session (EVerest's switch cap).")
        int maxPhaseSwitchesPerSession,
        @Key(name = "time_zone", def = "''", jevse = true,
             doc = "The local time of the nodes' schedule windows: an IANA time zone such as Europe/Berlin, or UTC. Empty: the system's time zone. Daylight saving time is followed: a window from 08:00 starts at 08:00 local time on every day.")
        String timeZone,
        @Key(name = "nodes", def = "[]", jevse = true,
             doc = "The tree: one node per fuse or supply limit; the one without parent is the site connection. At least that one.")
        List<Node> nodes,
        @Key(name = "chargers", def = "[]",
             doc = "The chargers (leaves of the tree), each attached to a node.")
        List<Charger> chargers,
        @Key(name = "api", doc = "The charge_manager HTTP API and the site's live page (docs/api.md, Energy manager HTTP API): the same section as the charger's api; charge_log_file and tags_file are not used here. Empty listen: no HTTP API.")
        ApiConfig api,
        @Key(name = "ocpp_server", jevse = true,
             doc = "The Local Controller: an OCPP 1.6J server whose chargers are leaves of the tree too (docs/local-controller.md). Without listen: off.")
        OcppServerSection ocppServer) {

    /** A node of the tree: a fuse or supply limit per phase. */
    public record Node(
            @Key(name = "id", required = true, jevse = true,
                 doc = "The node's name, unique in the tree, 1 to 64 characters; chargers[].node and nodes[].parent refer to it.")
            String id,
            @Key(name = "parent", def = "''", jevse = true,
                 doc = "The id of the node this one hangs on. Empty: the site connection (exactly one node).")
            String parent,
            @Key(name = "limits_A", required = true, size = 3, min = 0, jevse = true,
                 doc = "The limit per phase in A: [L1, L2, L3].")
            List<Double> limitsA,
            @Key(name = "schedule", def = "[]", jevse = true,
                 doc = "Time-of-day limits (balanz's group limits by time): windows in which the node's limit is lower than limits_A. Windows of a node may not overlap; outside them limits_A holds. A falling limit is used a lease ahead, so no grant outlives it (docs/energy-tree.md, Time-of-day limits).")
            List<Window> schedule) {

        /** A node without time-of-day limits. */
        public Node(String id, String parent, List<Double> limitsA) {
            this(id, parent, limitsA, List.of());
        }

        public Node {
            schedule = List.copyOf(schedule);
            if (id.isEmpty()) {
                throw new IllegalArgumentException("an empty id; allowed: a non-empty string");
            }
            if (id.length() > TopicLevel.MAX_CHARS) {
                // The id is in the reason detail of every grant the node limits ("fuse L1 of node ...").
                throw new IllegalArgumentException("an id of " + id.length() + " characters; allowed: 1 to "
                        + TopicLevel.MAX_CHARS);
            }
            for (int w = 0; w < schedule.size(); w++) {
                for (int p = 0; p < 3; p++) {
                    double a = schedule.get(w).limitsA().get(p);
                    if (a > limitsA.get(p)) {
                        throw new IllegalArgumentException("schedule[" + w + "].limits_A[" + p + "]: " + a
                                + " A is above the node's limits_A[" + p + "]; allowed: 0 to " + limitsA.get(p)
                                + " (a window only lowers the node's limit)");
                    }
                }
                for (int v = 0; v < w; v++) {
                    if (schedule.get(w).window().overlaps(schedule.get(v).window())) {
                        throw new IllegalArgumentException("schedule[" + w + "] (" + schedule.get(w).describe()
                                + ") overlaps schedule[" + v + "] (" + schedule.get(v).describe()
                                + "); allowed: windows of a node that share no minute");
                    }
                }
            }
        }
    }

    /** A time-of-day window of a node's schedule, in local time ({@code time_zone}). */
    public record Window(
            @Key(name = "days", def = "[]", jevse = true,
                 doc = "The days the window starts on: mon, tue, wed, thu, fri, sat, sun. Empty: every day.")
            List<String> days,
            @Key(name = "from", required = true, jevse = true,
                 doc = "Where the window starts, HH:MM local time from 00:00 to 23:59.")
            String from,
            @Key(name = "to", required = true, jevse = true,
                 doc = "Where it ends (not included), HH:MM from 00:01 to 24:00; at or before from, the window runs over midnight into the next day.")
            String to,
            @Key(name = "limits_A", required = true, size = 3, min = 0, jevse = true,
                 doc = "The node's limit per phase in A while the window is in force: [L1, L2, L3], at most the node's limits_A.")
            List<Double> limitsA) {

        private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

        public Window {
            days = List.copyOf(days);
            for (int i = 0; i < days.size(); i++) {
                if (!DAYS.contains(days.get(i))) {
                    throw new IllegalArgumentException("days[" + i + "]: \"" + days.get(i) + "\" is not a day;"
                            + " allowed: " + String.join(", ", DAYS));
                }
                if (days.indexOf(days.get(i)) < i) {
                    throw new IllegalArgumentException("days[" + i + "]: " + days.get(i) + " is already days["
                            + days.indexOf(days.get(i)) + "]; allowed: each day once");
                }
            }
            int f = minutes("from", from, false);
            int t = minutes("to", to, true);
            if (f == t % (24 * 60)) {
                throw new IllegalArgumentException("from and to are both " + from + "; allowed: a window of at"
                        + " least one minute (from 00:00 to 24:00 for a whole day)");
            }
        }

        /** The window as the allocation takes it. */
        public org.jevse.energy.alloc.LimitWindow window() {
            java.util.Set<java.time.DayOfWeek> set = java.util.EnumSet.noneOf(java.time.DayOfWeek.class);
            for (int d = 0; d < DAYS.size(); d++) {
                if (days.isEmpty() || days.contains(DAYS.get(d))) {
                    set.add(java.time.DayOfWeek.of(d + 1));
                }
            }
            int f = minutes("from", from, false) * 60;
            int t = minutes("to", to, true) * 60;
            return new org.jevse.energy.alloc.LimitWindow(set, f, t, new int[] {
                    ManagerSettings.ma(limitsA.get(0)), ManagerSettings.ma(limitsA.get(1)),
                    ManagerSettings.ma(limitsA.get(2))});
        }

        String describe() {
            return (days.isEmpty() ? "every day" : String.join(",", days)) + " " + from + "-" + to;
        }

        /** HH:MM as minutes of the day; "24:00" only where {@code end}. */
        private static int minutes(String key, String hhmm, boolean end) {
            if (hhmm.matches("([01][0-9]|2[0-3]):[0-5][0-9]")) {
                int m = Integer.parseInt(hhmm.substring(0, 2)) * 60 + Integer.parseInt(hhmm.substring(3));
                if (!(end && m == 0)) {
                    return m;
                }
            } else if (end && hhmm.equals("24:00")) {
                return 24 * 60;
            }
            throw new IllegalArgumentException(key + ": \"" + hhmm + "\" is not a time; allowed: HH:MM from "
                    + (end ? "00:01 to 24:00" : "00:00 to 23:59"));
        }
    }

    /** A charger: a leaf of the tree. */
    public record Charger(
            @Key(name = "id", required = true, jevse = true,
                 doc = "The charger's leaf id: the charger's energy.leaf_id (by default its evse.evse_id); 1 to 64 characters without / + # or control characters (a level of its MQTT topics).")
            String id,
            @Key(name = "node", required = true, jevse = true,
                 doc = "The id of the node the charger hangs on.")
            String node,
            @Key(name = "rotation", def = "UNKNOWN", jevse = true,
                 doc = "How the charger's phases are wired to L1..L3. UNKNOWN: a 1-phase car is counted on all three phases.")
            PhaseRotation rotation,
            @Key(name = "max_current_A", def = "32", min = 0, max = 80, jevse = true,
                 doc = "The most current per phase the charger is given (A).")
            double maxCurrentA,
            @Key(name = "priority", def = "1", min = 0, max = 9, jevse = true,
                 doc = "Higher first (balanz's priority, default 1): a charger is kept, switched on and filled up to its requested current before any of a lower priority gets more than its minimum. Chargers of one priority share fairly (docs/energy-tree.md, Priorities).")
            int priority) {

        /** A charger at the default priority. */
        public Charger(String id, String node, PhaseRotation rotation, double maxCurrentA) {
            this(id, node, rotation, maxCurrentA, org.jevse.energy.alloc.LeafInput.DEFAULT_PRIORITY);
        }

        public Charger {
            if (id.isEmpty()) {
                throw new IllegalArgumentException("an empty id; allowed: a non-empty string");
            }
            TopicLevel.require("id", id); // a level of the charger's topics (PREFIX/energy/ID/status)
        }
    }

    /** How docs/configuration.md documents this file, after the charger's. */
    public static final ConfigReference.OtherFile REFERENCE = new ConfigReference.OtherFile("energy-manager", """
            `./jevse energy-manager --config FILE` reads the site energy manager's YAML file (the tree and the
            allocation are explained in [energy-tree.md](energy-tree.md)). There is no default tree: the file
            needs at least `nodes` with the site connection. Keys not marked *(jevse)* are options of WARP's
            charge_manager with the same name and unit (mA, seconds).

            Besides each key's own checks, a file stops start-up with one line when `valid_for_s` is not longer
            than one cycle (`cycle_ms`), two nodes or two chargers share an id, a parent or a charger's node is
            not in `nodes`, there is no or more than one node without parent, the parents form a cycle, a
            schedule window is above its node's `limits_A`, or two windows of a node share a minute:

                manager.yaml: nodes[1].limts_A: unknown key; allowed keys in nodes[1]: id, parent, limits_A, schedule
                manager.yaml: chargers[0].node: unknown node garge; allowed: site, garage

            ```yaml
            broker_url: tcp://127.0.0.1:1883
            topic_prefix: jevse
            nodes:                                   # per-phase limits in A; the node without parent is the site connection
              - {id: site,   limits_A: [63, 63, 63]}
              - {id: garage, parent: site, limits_A: [32, 32, 32]}
              - {id: carport, parent: site, limits_A: [25, 25, 25]}
            chargers:                                # leaves attach by id
              - {id: cp1, node: garage, rotation: L123, max_current_A: 32}
              - {id: cp2, node: garage, rotation: L231}
              - {id: cp3, node: carport}             # rotation UNKNOWN: a 1-phase car is charged on all three phases
            ```

            """, EnergyManagerFile.class);

    /**
     * Loads the file ({@code jevse energy-manager --config FILE}), UTF-8, as strictly as the charger's.
     *
     * @throws org.jevse.config.ConfigException if it cannot be read or is not a valid energy manager file
     */
    public static EnergyManagerFile load(Path file) {
        return ConfigLoader.load(EnergyManagerFile.class, file);
    }

    /**
     * Parses the file from text.
     *
     * @param sourceName how messages name the text, usually its file name
     * @throws org.jevse.config.ConfigException if it is not a valid energy manager file
     */
    public static EnergyManagerFile parse(String yaml, String sourceName) {
        return ConfigLoader.parse(EnergyManagerFile.class, yaml, sourceName);
    }

    private static void requireTimeZone(String timeZone) {
        if (!timeZone.isEmpty()) {
            try {
                java.time.ZoneId.of(timeZone);
            } catch (java.time.DateTimeException e) {
                throw new IllegalArgumentException("time_zone: \"" + timeZone + "\" is not a time zone; allowed: an"
                        + " IANA name such as Europe/Berlin, or UTC, or empty for the system's");
            }
        }
    }

    /** The checks across keys; a message names the key it is about, as the loader's own messages do. */
    public EnergyManagerFile {
        nodes = List.copyOf(nodes);
        chargers = List.copyOf(chargers);
        requireTimeZone(timeZone);
        if (validForS * 1000L <= cycleMs) {
            throw new IllegalArgumentException("valid_for_s: " + validForS + " s is not longer than one cycle (cycle_ms "
                    + cycleMs + "); allowed: more than cycle_ms / 1000");
        }
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("nodes: missing; allowed: a list with at least the site connection"
                    + " (a node without parent)");
        }
        List<String> nodeIds = nodes.stream().map(Node::id).toList();
        Map<String, Integer> nodeIndex = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            Integer first = nodeIndex.putIfAbsent(nodes.get(i).id(), i);
            if (first != null) {
                throw new IllegalArgumentException("nodes[" + i + "].id: " + nodes.get(i).id() + " is already nodes["
                        + first + "].id; allowed: each node id once");
            }
        }
        String root = null;
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            if (n.parent().isEmpty()) {
                if (root != null) {
                    throw new IllegalArgumentException("nodes[" + i + "].parent: empty, but " + root
                            + " is already the site connection; allowed: one node without parent");
                }
                root = n.id();
            } else if (!nodeIndex.containsKey(n.parent())) {
                throw new IllegalArgumentException("nodes[" + i + "].parent: unknown node " + n.parent()
                        + "; allowed: " + String.join(", ", nodeIds));
            }
        }
        if (root == null) {
            throw new IllegalArgumentException("nodes: no node without parent; allowed: exactly one, the site connection");
        }
        for (int i = 0; i < nodes.size(); i++) {
            // With one root and known parents, a node that never reaches the root is on a cycle.
            Set<String> seen = new HashSet<>();
            for (Node at = nodes.get(i); !at.parent().isEmpty(); at = nodes.get(nodeIndex.get(at.parent()))) {
                if (!seen.add(at.id())) {
                    throw new IllegalArgumentException("nodes[" + i + "].parent: " + nodes.get(i).id()
                            + " does not lead to the site connection " + root + " (a cycle); allowed: a tree");
                }
            }
        }
        Map<String, Integer> chargerIndex = new HashMap<>();
        for (int i = 0; i < chargers.size(); i++) {
            Charger c = chargers.get(i);
            Integer first = chargerIndex.putIfAbsent(c.id(), i);
            if (first != null) {
                throw new IllegalArgumentException("chargers[" + i + "].id: " + c.id() + " is already chargers[" + first
                        + "].id; allowed: each charger id once");
            }
            if (!nodeIndex.containsKey(c.node())) {
                throw new IllegalArgumentException("chargers[" + i + "].node: unknown node " + c.node() + "; allowed: "
                        + String.join(", ", nodeIds));
            }
        }
        for (int i = 0; i < ocppServer.chargers().size(); i++) {
            OcppServerSection.OcppCharger c = ocppServer.chargers().get(i);
            for (int j = 0; j < c.connectors().size(); j++) {
                String leaf = c.connectors().get(j).leaf();
                if (!chargerIndex.containsKey(leaf)) {
                    // One connector by default: its leaf is the charger's id, so the message names that key.
                    throw new IllegalArgumentException("ocpp_server.chargers[" + i + "]."
                            + (leaf.equals(c.id()) && c.connectors().size() == 1 ? "id" : "connectors[" + j + "].leaf")
                            + ": " + leaf + " is not in chargers (which places it in the tree); allowed: "
                            + String.join(", ", chargerIndex.keySet().stream().sorted().toList()));
                }
            }
        }
        if (ocppServer.autoRegister() && !nodeIndex.containsKey(ocppServer.autoRegisterNode())) {
            throw new IllegalArgumentException("ocpp_server.auto_register_node: unknown node "
                    + ocppServer.autoRegisterNode() + "; allowed: " + String.join(", ", nodeIds));
        }
    }
}
