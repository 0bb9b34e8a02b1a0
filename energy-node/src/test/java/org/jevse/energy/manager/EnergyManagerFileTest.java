package org.jevse.energy.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jevse.config.ConfigException;
import org.jevse.energy.alloc.PhaseRotation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The energy manager's file through the @Key schema: defaults as before the merge, and one-line rejections. */
class EnergyManagerFileTest {

    private static final String FILE = "manager.yaml";

    /** The smallest valid file: the site connection alone. */
    private static final String SITE = "nodes:\n  - {id: site, limits_A: [63, 63, 63]}\n";

    private static final String NODE_KEYS = "id, parent, limits_A, schedule";
    private static final String CHARGER_KEYS = "id, node, rotation, max_current_A, priority";

    private static String rejection(String yaml) {
        ConfigException e = assertThrows(ConfigException.class, () -> EnergyManagerFile.parse(yaml, FILE));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    private static void assertRejected(String yaml, String expected) {
        assertEquals(expected, rejection(yaml));
    }

    // --- good files -----------------------------------------------------------------------------------------

    @Test
    void aMinimalFileTakesTheDefaultsTheOldLoaderHad() {
        EnergyManagerFile f = EnergyManagerFile.parse(SITE, FILE);
        assertEquals("tcp://127.0.0.1:1883", f.brokerUrl());
        assertEquals("", f.username());
        assertEquals("", f.password());
        assertEquals("", f.caFile());
        assertEquals("", f.clientCertFile());
        assertEquals("", f.clientKeyFile());
        assertEquals("jevse", f.topicPrefix());
        assertEquals(262_144, f.maximumPacketSize());
        assertEquals("jevse-energy-manager", f.clientId());
        assertEquals(1000, f.cycleMs());
        assertEquals(10, f.validForS());
        assertEquals(2000, f.transitMarginMs());
        assertFalse(f.enableWatchdog());
        assertNull(f.defaultAvailableCurrent());
        assertNull(f.maximumAvailableCurrent());
        assertEquals(true, f.minimumCurrentAuto());
        assertEquals(0, f.minimumCurrentVehicleType());
        assertEquals(6000, f.minimumCurrent());
        assertEquals(6000, f.minimumCurrent1p());
        assertEquals(60, f.requestedCurrentThreshold());
        assertEquals(3000, f.requestedCurrentMargin());
        assertEquals(900, f.rotationIntervalS());
        assertEquals(10, f.activationWindowS());
        assertEquals(60, f.switchOnHysteresisS());
        assertEquals(210, f.phaseSwitchHysteresisS());
        assertEquals(5, f.maxPhaseSwitchesPerSession());
        assertEquals(List.of(new EnergyManagerFile.Node("site", "", List.of(63.0, 63.0, 63.0))), f.nodes());
        assertEquals(List.of(), f.chargers());
    }

    @Test
    void theExampleOfTheEnergyTreeDocReads() {
        EnergyManagerFile f = EnergyManagerFile.parse("""
                broker_url: ssl://broker:8883
                topic_prefix: jevse
                ca_file: /etc/jevse/ca.pem
                client_certificate_file: /etc/jevse/manager.pem
                client_key_file: /etc/jevse/manager.key
                default_available_current: 0
                maximum_available_current: 40000
                nodes:                                   # per-phase limits in A
                  - {id: site,   limits_A: [63, 63, 63]}
                  - {id: garage, parent: site, limits_A: [32, 32, 32.5]}
                  - id: carport
                    parent: site
                    limits_A:
                      - 25
                      - 25
                      - 25
                chargers:
                  - {id: cp1, node: garage, rotation: L123, max_current_A: 16}
                  - {id: cp2, node: garage, rotation: L231}
                  - {id: cp3, node: carport}
                """, FILE);
        assertEquals("/etc/jevse/ca.pem", f.caFile());
        assertEquals("/etc/jevse/manager.pem", f.clientCertFile());
        assertEquals("/etc/jevse/manager.key", f.clientKeyFile());
        assertEquals(0, f.defaultAvailableCurrent());
        assertEquals(40000, f.maximumAvailableCurrent());
        assertEquals(List.of(32.0, 32.0, 32.5), f.nodes().get(1).limitsA());
        assertEquals("site", f.nodes().get(2).parent());
        assertEquals(new EnergyManagerFile.Charger("cp1", "garage", PhaseRotation.L123, 16.0), f.chargers().get(0));
        assertEquals(new EnergyManagerFile.Charger("cp3", "carport", PhaseRotation.UNKNOWN, 32.0), f.chargers().get(2));
    }

    @Test
    void chargersWithEveryEntryCommentedOutIsNoCharger() {
        assertEquals(List.of(), EnergyManagerFile.parse(SITE + "chargers:\n#  - {id: cp1, node: site}\n", FILE)
                .chargers());
    }

    @Test
    void aFileOfFiveMiBIsRefusedBeforeItIsParsed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.yaml");
        Files.writeString(file, SITE + "topic_prefix: " + "x".repeat(5 * 1024 * 1024) + "\n");
        assertEquals(file + ": larger than 1048576 bytes; allowed: a file of at most 1 MiB",
                assertThrows(ConfigException.class, () -> EnergyManagerFile.load(file)).getMessage());
    }

    @Test
    void aFileIsReadAndMessagesNameIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("em.yaml");
        Files.writeString(file, SITE + "cycle_ms: 20\n");
        ConfigException e = assertThrows(ConfigException.class, () -> EnergyManagerFile.load(file));
        assertEquals(file + ": cycle_ms: 20 is out of range; allowed: an integer from 50 to 10000", e.getMessage());
        assertEquals(dir.resolve("none.yaml") + ": cannot read: no such file", assertThrows(ConfigException.class,
                () -> EnergyManagerFile.load(dir.resolve("none.yaml"))).getMessage());
    }

    // --- one line per kind of bad input ---------------------------------------------------------------------

    @Test
    void anUnknownTopLevelKeyListsTheAllowedKeys() {
        String m = rejection(SITE + "cycle_time_ms: 500\n");
        assertEquals("manager.yaml: cycle_time_ms: unknown key; allowed keys at top level: broker_url, username,"
                + " password, ca_file, client_certificate_file, client_key_file, topic_prefix, maximum_packet_size,"
                + " client_id, cycle_ms, valid_for_s, transit_margin_ms, enable_watchdog, default_available_current,"
                + " maximum_available_current, minimum_current_auto, minimum_current_vehicle_type, minimum_current,"
                + " minimum_current_1p, requested_current_threshold, requested_current_margin, rotation_interval_s,"
                + " activation_window_s, switch_on_hysteresis_s, phase_switch_hysteresis_s,"
                + " max_phase_switches_per_session, time_zone, nodes, chargers, api, ocpp_server", m);
    }

    @Test
    void anUnknownKeyInAListElementNamesItsIndex() {
        assertRejected("nodes:\n  - {id: site, limits_A: [63, 63, 63]}\n  - {id: g, parent: site, limts_A: [1, 1, 1]}\n",
                "manager.yaml: nodes[1].limts_A: unknown key; allowed keys in nodes[1]: " + NODE_KEYS);
        assertRejected(SITE + "chargers:\n  - {id: cp1, node: site, max_current: 16}\n",
                "manager.yaml: chargers[0].max_current: unknown key; allowed keys in chargers[0]: " + CHARGER_KEYS);
    }

    @Test
    void wrongTypes() {
        assertRejected(SITE + "valid_for_s: ten\n",
                "manager.yaml: valid_for_s: \"ten\" is not an integer; allowed: an integer from 1 to 3600");
        assertRejected(SITE + "enable_watchdog: yes\n",
                "manager.yaml: enable_watchdog: \"yes\" is not a boolean; allowed: true or false");
        assertRejected(SITE + "minimum_current: 6000.5\n",
                "manager.yaml: minimum_current: 6000.5 is not an integer; allowed: an integer from 6000 to 32000");
        assertRejected("nodes: {id: site}\n",
                "manager.yaml: nodes: a mapping is not a list; allowed: a list of mappings of the keys " + NODE_KEYS);
        assertRejected("nodes: [site]\n",
                "manager.yaml: nodes[0]: \"site\" is not a mapping; allowed: a mapping of the keys " + NODE_KEYS);
        assertRejected(SITE + "chargers:\n  - {id: cp1, node: site, rotation: l123}\n",
                "manager.yaml: chargers[0].rotation: \"l123\" is not allowed; allowed: L123, L132, L231, L213, L321,"
                        + " L312, UNKNOWN");
    }

    @Test
    void outOfRange() {
        assertRejected(SITE + "minimum_current: 5000\n",
                "manager.yaml: minimum_current: 5000 is out of range; allowed: an integer from 6000 to 32000");
        assertRejected(SITE + "default_available_current: -1\n",
                "manager.yaml: default_available_current: -1 is out of range; allowed: an integer of at least 0");
        assertRejected(SITE + "chargers:\n  - {id: cp1, node: site, max_current_A: 81}\n",
                "manager.yaml: chargers[0].max_current_A: 81 is out of range; allowed: a number from 0 to 80");
    }

    @Test
    void badListElements() {
        assertRejected("nodes:\n  - {id: site, limits_A: [63, 63]}\n",
                "manager.yaml: nodes[0].limits_A: a list of 2 is not 3; allowed: a list of 3 numbers of at least 0");
        assertRejected("nodes:\n  - {id: site, limits_A: [63, -1, 63]}\n",
                "manager.yaml: nodes[0].limits_A[1]: -1 is out of range; allowed: a list of 3 numbers of at least 0");
        assertRejected("nodes:\n  - {id: site, limits_A: [63, x, 63]}\n",
                "manager.yaml: nodes[0].limits_A[1]: \"x\" is not a number; allowed: a list of 3 numbers of at least 0");
        assertRejected("nodes:\n  - {id: site, limits_A: 63}\n",
                "manager.yaml: nodes[0].limits_A: 63 is not a list; allowed: a list of 3 numbers of at least 0");
    }

    @Test
    void requiredKeys() {
        assertRejected("nodes:\n  - {id: site}\n",
                "manager.yaml: nodes[0].limits_A: missing; allowed: a list of 3 numbers of at least 0");
        assertRejected("nodes:\n  - {limits_A: [1, 1, 1]}\n", "manager.yaml: nodes[0].id: missing; allowed: a string");
        assertRejected(SITE + "chargers:\n  - {id: cp1}\n", "manager.yaml: chargers[0].node: missing; allowed: a string");
        assertRejected("nodes:\n  - {id: '', limits_A: [1, 1, 1]}\n",
                "manager.yaml: nodes[0]: an empty id; allowed: a non-empty string");
    }

    @Test
    void theMaximumPacketSizeIsBetween4KiBAnd4MiB() {
        assertEquals(4096, EnergyManagerFile.parse(SITE + "maximum_packet_size: 4096\n", FILE)
                .maximumPacketSize());
        assertRejected(SITE + "maximum_packet_size: 268435455\n", "manager.yaml: maximum_packet_size: 268435455 is out"
                + " of range; allowed: an integer from 4096 to 4194304");
        assertRejected(SITE + "maximum_packet_size: 1024\n", "manager.yaml: maximum_packet_size: 1024 is out of"
                + " range; allowed: an integer from 4096 to 4194304");
    }

    @Test
    void aChargerIdIsOneTopicLevelAndANodeIdFitsTheReasonDetail() {
        assertRejected(SITE + "chargers:\n  - {id: garage/cp1, node: site}\n", "manager.yaml: chargers[0]: id"
                + " \"garage/cp1\" is not a topic level; allowed: 1 to 64 characters without / + # or control"
                + " characters");
        assertRejected(SITE + "chargers:\n  - {id: 'cp+', node: site}\n", "manager.yaml: chargers[0]: id \"cp+\""
                + " is not a topic level; allowed: 1 to 64 characters without / + # or control characters");
        assertRejected(SITE + "chargers:\n  - {id: " + "c".repeat(65) + ", node: site}\n", "manager.yaml:"
                + " chargers[0]: id \"" + "c".repeat(57) + "...\" is not a topic level; allowed: 1 to 64 characters"
                + " without / + # or control characters");
        assertRejected("nodes:\n  - {id: " + "n".repeat(65) + ", limits_A: [1, 1, 1]}\n",
                "manager.yaml: nodes[0]: an id of 65 characters; allowed: 1 to 64");
        assertEquals("c".repeat(64), EnergyManagerFile.parse(SITE + "chargers:\n  - {id: " + "c".repeat(64)
                + ", node: site}\n", FILE).chargers().get(0).id());
    }

    @Test
    void checksAcrossKeys() {
        assertRejected("", "manager.yaml: nodes: missing; allowed: a list with at least the site connection"
                + " (a node without parent)");
        assertRejected(SITE + "cycle_ms: 2000\nvalid_for_s: 2\n",
                "manager.yaml: valid_for_s: 2 s is not longer than one cycle (cycle_ms 2000); allowed: more than"
                        + " cycle_ms / 1000");
        assertRejected(SITE + "chargers:\n  - {id: cp1, node: garage}\n",
                "manager.yaml: chargers[0].node: unknown node garage; allowed: site");
        assertRejected(SITE + "chargers:\n  - {id: cp1, node: site}\n  - {id: cp1, node: site}\n",
                "manager.yaml: chargers[1].id: cp1 is already chargers[0].id; allowed: each charger id once");
        assertRejected(SITE + "  - {id: site, limits_A: [1, 1, 1]}\n",
                "manager.yaml: nodes[1].id: site is already nodes[0].id; allowed: each node id once");
        assertRejected(SITE + "  - {id: b, limits_A: [1, 1, 1]}\n",
                "manager.yaml: nodes[1].parent: empty, but site is already the site connection; allowed: one node"
                        + " without parent");
        assertRejected(SITE + "  - {id: b, parent: garage, limits_A: [1, 1, 1]}\n",
                "manager.yaml: nodes[1].parent: unknown node garage; allowed: site, b");
        assertRejected("nodes:\n  - {id: a, parent: b, limits_A: [1, 1, 1]}\n  - {id: b, parent: a, limits_A: [1, 1, 1]}\n",
                "manager.yaml: nodes: no node without parent; allowed: exactly one, the site connection");
        assertRejected(SITE + "  - {id: a, parent: b, limits_A: [1, 1, 1]}\n  - {id: b, parent: a, limits_A: [1, 1, 1]}\n",
                "manager.yaml: nodes[1].parent: a does not lead to the site connection site (a cycle); allowed: a tree");
    }

    // --- priorities and time-of-day limits ------------------------------------------------------------------

    private static final String GARAGE = "nodes:\n  - {id: site, limits_A: [63, 63, 63]}\n"
            + "  - id: garage\n    parent: site\n    limits_A: [32, 32, 32]\n    schedule:\n";

    @Test
    void aScheduleAndPrioritiesRead() {
        EnergyManagerFile f = EnergyManagerFile.parse("time_zone: Europe/Berlin\n" + GARAGE
                + "      - {days: [mon, tue, wed, thu, fri], from: '17:00', to: '21:00', limits_A: [16, 16, 16]}\n"
                + "      - {from: '22:00', to: '06:00', limits_A: [25, 25, 25]}\n"
                + "chargers:\n  - {id: cp1, node: garage, priority: 3}\n  - {id: cp2, node: garage}\n", FILE);
        assertEquals("Europe/Berlin", f.timeZone());
        assertEquals(3, f.chargers().get(0).priority());
        assertEquals(1, f.chargers().get(1).priority(), "balanz's default priority");
        EnergyManagerFile.Window w = f.nodes().get(1).schedule().get(1);
        assertEquals(List.of(), w.days(), "every day");
        assertEquals(22 * 3600, w.window().fromS());
        assertEquals(6 * 3600, w.window().toS(), "over midnight");
        assertEquals(5, f.nodes().get(1).schedule().get(0).window().days().size());
        assertEquals(java.time.ZoneId.of("Europe/Berlin"), ManagerSettings.zone(f));
        assertEquals(java.time.ZoneId.systemDefault(), ManagerSettings.zone(EnergyManagerFile.parse(SITE, FILE)),
                "empty: the system's time zone");
        assertEquals(List.of("garage"), List.copyOf(ManagerSettings.schedules(f).keySet()));
    }

    @Test
    void badPrioritiesAndSchedulesAreOneLineEach() {
        assertRejected(SITE + "chargers:\n  - {id: cp1, node: site, priority: 10}\n",
                "manager.yaml: chargers[0].priority: 10 is out of range; allowed: an integer from 0 to 9");
        assertRejected(SITE + "chargers:\n  - {id: cp1, node: site, priority: -1}\n",
                "manager.yaml: chargers[0].priority: -1 is out of range; allowed: an integer from 0 to 9");
        assertRejected("time_zone: Europe/Berln\n" + SITE, "manager.yaml: time_zone: \"Europe/Berln\" is not a time"
                + " zone; allowed: an IANA name such as Europe/Berlin, or UTC, or empty for the system's");
        assertRejected(GARAGE + "      - {from: '8:00', to: '12:00', limits_A: [16, 16, 16]}\n",
                "manager.yaml: nodes[1].schedule[0]: from: \"8:00\" is not a time; allowed: HH:MM from 00:00 to 23:59");
        assertRejected(GARAGE + "      - {from: '08:00', to: '24:01', limits_A: [16, 16, 16]}\n",
                "manager.yaml: nodes[1].schedule[0]: to: \"24:01\" is not a time; allowed: HH:MM from 00:01 to 24:00");
        assertRejected(GARAGE + "      - {from: '24:00', to: '12:00', limits_A: [16, 16, 16]}\n",
                "manager.yaml: nodes[1].schedule[0]: from: \"24:00\" is not a time; allowed: HH:MM from 00:00 to 23:59");
        assertRejected(GARAGE + "      - {from: '08:00', to: '08:00', limits_A: [16, 16, 16]}\n",
                "manager.yaml: nodes[1].schedule[0]: from and to are both 08:00; allowed: a window of at least one"
                        + " minute (from 00:00 to 24:00 for a whole day)");
        assertRejected(GARAGE + "      - {days: [mon, monday], from: '08:00', to: '09:00', limits_A: [16, 16, 16]}\n",
                "manager.yaml: nodes[1].schedule[0]: days[1]: \"monday\" is not a day; allowed: mon, tue, wed, thu,"
                        + " fri, sat, sun");
        assertRejected(GARAGE + "      - {days: [mon, mon], from: '08:00', to: '09:00', limits_A: [16, 16, 16]}\n",
                "manager.yaml: nodes[1].schedule[0]: days[1]: mon is already days[0]; allowed: each day once");
        assertRejected(GARAGE + "      - {from: '08:00', to: '09:00', limits_A: [16, 40, 16]}\n",
                "manager.yaml: nodes[1]: schedule[0].limits_A[1]: 40.0 A is above the node's limits_A[1]; allowed: 0"
                        + " to 32.0 (a window only lowers the node's limit)");
        assertRejected(GARAGE + "      - {from: '08:00', to: '09:00', limits_A: [16, 16]}\n",
                "manager.yaml: nodes[1].schedule[0].limits_A: a list of 2 is not 3; allowed: a list of 3 numbers of"
                        + " at least 0");
        assertRejected(GARAGE + "      - {from: '08:00', to: '09:00'}\n",
                "manager.yaml: nodes[1].schedule[0].limits_A: missing; allowed: a list of 3 numbers of at least 0");
        assertRejected(GARAGE + "      - {from: '08:00', till: '09:00', limits_A: [16, 16, 16]}\n",
                "manager.yaml: nodes[1].schedule[0].till: unknown key; allowed keys in nodes[1].schedule[0]: days,"
                        + " from, to, limits_A");
    }

    @Test
    void overlappingWindowsOfANodeAreRejectedAcrossMidnightAndDays() {
        assertRejected(GARAGE + "      - {from: '08:00', to: '12:00', limits_A: [16, 16, 16]}\n"
                        + "      - {from: '11:59', to: '13:00', limits_A: [20, 20, 20]}\n",
                "manager.yaml: nodes[1]: schedule[1] (every day 11:59-13:00) overlaps schedule[0] (every day"
                        + " 08:00-12:00); allowed: windows of a node that share no minute");
        // Sunday 22:00 to Monday 06:00 runs into Monday morning.
        assertRejected(GARAGE + "      - {days: [sun], from: '22:00', to: '06:00', limits_A: [16, 16, 16]}\n"
                        + "      - {days: [mon], from: '05:00', to: '07:00', limits_A: [20, 20, 20]}\n",
                "manager.yaml: nodes[1]: schedule[1] (mon 05:00-07:00) overlaps schedule[0] (sun 22:00-06:00);"
                        + " allowed: windows of a node that share no minute");
        // Back to back, or on other days, is fine.
        assertEquals(3, EnergyManagerFile.parse(GARAGE
                + "      - {from: '08:00', to: '12:00', limits_A: [16, 16, 16]}\n"
                + "      - {from: '12:00', to: '13:00', limits_A: [20, 20, 20]}\n"
                + "      - {days: [sat], from: '22:00', to: '06:00', limits_A: [0, 0, 0]}\n", FILE)
                .nodes().get(1).schedule().size(), "06:00 Sunday ends before 08:00");
    }

    @Test
    void malformedYamlIsOneLineWithTheLine() {
        String m = rejection(SITE + "chargers: [\n");
        assertEquals(true, m.startsWith("manager.yaml: line "), m);
    }
}
