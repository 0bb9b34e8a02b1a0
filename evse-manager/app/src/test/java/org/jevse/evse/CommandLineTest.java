package org.jevse.evse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jevse.energy.manager.EnergyManagerFile;
import org.jevse.evse.app.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The jevse command line: exit codes, one-line errors for bad input, and the JSON event stream. */
class CommandLineTest {

    record Result(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    static synchronized Result jevse(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void anUnknownScriptWordIsOneLineAndExitTwoAndNothingRuns() {
        Result r = jevse("simulate", "--ev", "plugin; fly 3; unplug");
        assertEquals(2, r.code());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().startsWith("jevse: EV script command 2 \"fly 3\": unknown command"), r.err());
        assertEquals("", r.out(), "nothing half-started");
    }

    @Test
    void aBadScriptArgumentIsOneLineAndExitTwo() {
        Result r = jevse("simulate", "--ev", "plugin; draw_power_regulated 16");
        assertEquals(2, r.code());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("command 2 \"draw_power_regulated 16\""), r.err());
    }

    @Test
    void anUnknownConfigKeyNamesTheFileAndTheKeyAndExitsTwo(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("charger.yaml");
        Files.writeString(cfg, "evse:\n  max_curent_import_A: 16\n");
        Result r = jevse("simulate", "--config", cfg.toString(), "--ev", "plugin");
        assertEquals(2, r.code());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains(cfg.toString()) && r.err().contains("evse.max_curent_import_A")
                && r.err().contains("unknown key"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void anOutOfRangeValueIsRejectedByRunToo(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("charger.yaml");
        Files.writeString(cfg, "evse:\n  soft_over_current_timeout_ms: 1000\n");
        Result r = jevse("run", "--config", cfg.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("evse.soft_over_current_timeout_ms") && r.err().contains("allowed"), r.err());
    }

    @Test
    void aMissingEnergyCaFileIsOneLineAndExitTwoAndNothingRuns(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("charger.yaml");
        Files.writeString(cfg, "energy:\n  broker_url: ssl://127.0.0.1:8883\n  ca_file: /nonexistent/ca.pem\n");
        Result r = jevse("simulate", "--config", cfg.toString(), "--ev", "plugin");
        assertEquals(2, r.code());
        assertEquals(List.of("jevse: energy: CA file /nonexistent/ca.pem: no such file"), r.errLines());
        assertEquals("", r.out(), "nothing half-started");
    }

    @Test
    void aBadEnergyManagerFileIsOneLineNamingFileAndKeyAndNothingStarts(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("manager.yaml");
        Files.writeString(cfg, "nodes:\n  - {id: site, limits_A: [32, 32, 32]}\n  - {id: g, parent: site, limts_A: [16, 16, 16]}\n");
        Result r = jevse("energy-manager", "--config", cfg.toString());
        assertEquals(2, r.code());
        assertEquals(List.of("jevse: " + cfg + ": nodes[1].limts_A: unknown key; allowed keys in nodes[1]: id, parent,"
                + " limits_A, schedule"), r.errLines());
        assertEquals("", r.out(), "nothing started");
    }

    @Test
    void configCheckPrintsTheEnergyManagersEffectiveFileWhichReadsBackToTheSameConfiguration(@TempDir Path dir)
            throws Exception {
        Path cfg = dir.resolve("manager.yaml");
        Files.writeString(cfg, "maximum_available_current: 40000\nnodes:\n  - {id: site, limits_A: [32, 32, 32]}\n"
                + "  - {id: garage, parent: site, limits_A: [20, 20, 20], schedule: [{days: [sat, sun], from: '22:00',"
                + " to: '06:00', limits_A: [10, 10, 10]}]}\nchargers:\n"
                + "  - {id: cp1, node: garage, rotation: L231, priority: 4}\n");
        Result r = jevse("config", "check", "--energy-manager", cfg.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("requested_current_margin: 3000"), "defaults are filled in:\n" + r.out());
        assertEquals(EnergyManagerFile.load(cfg),
                EnergyManagerFile.parse(r.out(), "printed"));
    }

    @Test
    void configCheckOfABadEnergyManagerFileIsOneLineAndExitTwo(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("manager.yaml");
        Files.writeString(cfg, "cycle_ms: 5\nnodes:\n  - {id: site, limits_A: [32, 32, 32]}\n");
        Result r = jevse("config", "check", "--energy-manager", cfg.toString());
        assertEquals(2, r.code());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("cycle_ms"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void anEnergyManagerBrokerUrlTheMqttClientCannotParseExitsTwo(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("manager.yaml");
        Files.writeString(cfg, "broker_url: 127.0.0.1:1883\nnodes:\n  - {id: site, limits_A: [32, 32, 32]}\n");
        Result r = jevse("energy-manager", "--config", cfg.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().startsWith("jevse: " + cfg + ": ") && r.err().contains("127.0.0.1:1883"), r.err());
        assertEquals("", r.out());
    }

    /** Files written to break the reader; each command that reads a configuration file must refuse them alike. */
    enum HostileFile {
        BINARY_TAG("evse:\n  evse_id: !!binary aGVsbG8=\n", "tag !!binary (line 2, column 12) is not supported"),
        NESTED_5000("evse: " + "[".repeat(5000) + "]".repeat(5000) + "\n", "nested deeper than 16 levels"),
        VALUE_OF_5_MIB("evse:\n  evse_id: " + "x".repeat(5 << 20) + "\n", "larger than 1048576 bytes"),
        TAB("evse:\n\tevse_id: x\n", "line 2, column 1: a TAB character"),
        NOT_UTF8("evse:\n  evse_id: Stra\u00dfe\n", "line 2, column 16: byte 0xdf is not UTF-8");

        final String text;
        final String problem;

        HostileFile(String text, String problem) {
            this.text = text;
            this.problem = problem;
        }

        Path writeTo(Path dir) throws java.io.IOException {
            // Latin-1 writes every other case byte for byte and gives NOT_UTF8 its one byte that is not UTF-8.
            return Files.write(dir.resolve(name().toLowerCase() + ".yaml"), text.getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    private static void assertRefusedInOneLine(Result r, Path file, HostileFile hostile) {
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.errLines().size(), () -> "one line, no stack trace:\n" + r.err());
        assertTrue(r.err().startsWith("jevse: " + file + ": ") && r.err().contains(hostile.problem)
                && r.err().contains("allowed: "), r.err());
        assertEquals("", r.out(), "nothing started");
    }

    @ParameterizedTest
    @EnumSource(HostileFile.class)
    void aHostileChargerFileIsOneLineAndExitTwo(HostileFile hostile, @TempDir Path dir) throws Exception {
        Path file = hostile.writeTo(dir);
        assertRefusedInOneLine(jevse("config", "check", file.toString()), file, hostile);
        assertRefusedInOneLine(jevse("simulate", "--config", file.toString()), file, hostile);
        assertRefusedInOneLine(jevse("run", "--config", file.toString()), file, hostile);
    }

    @ParameterizedTest
    @EnumSource(HostileFile.class)
    void aHostileEnergyManagerFileIsOneLineAndExitTwo(HostileFile hostile, @TempDir Path dir) throws Exception {
        Path file = hostile.writeTo(dir);
        assertRefusedInOneLine(jevse("config", "check", "--energy-manager", file.toString()), file, hostile);
        assertRefusedInOneLine(jevse("energy-manager", "--config", file.toString()), file, hostile);
    }

    @Test
    void anUnknownOptionIsOneLineAndExitTwo() {
        Result r = jevse("simulate", "--speed", "9");
        assertEquals(2, r.code());
        assertEquals(1, r.errLines().size(), r.err());
    }

    @Test
    void configCheckPrintsTheEffectiveConfigurationWithDefaults(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("charger.yaml");
        Files.writeString(cfg, "evse:\n  max_current_import_A: 16\n");
        Result r = jevse("config", "check", cfg.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("max_current_import_A: 16"), r.out());
        assertTrue(r.out().contains("state_F_after_fault_ms: 300"), "defaults filled in");
        assertTrue(r.out().contains("ev_script:"), "every section");
    }

    @Test
    void configCheckOfAMissingFileIsOneLineAndExitTwo() {
        Result r = jevse("config", "check", "/nonexistent/jevse.yaml");
        assertEquals(2, r.code());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("/nonexistent/jevse.yaml"), r.err());
    }

    @Test
    void simulateWithJsonEventsPrintsOneObjectPerLineWithTimeAndType() throws Exception {
        Result r = jevse("simulate", "--events", "json", "--ev",
                "sleep 1; plugin; auth DEMO-TAG; draw_power_regulated 16,3; sleep 30; unplug");
        assertEquals(0, r.code(), r.err());
        ObjectMapper json = new ObjectMapper();
        Set<String> types = new HashSet<>();
        long lastT = -1;
        JsonNode finished = null;
        for (String line : r.out().lines().toList()) {
            JsonNode n = json.readTree(line);
            assertTrue(n.has("t") && n.has("type"), line);
            assertTrue(n.get("t").asLong() >= lastT, "time never goes back: " + line);
            lastT = n.get("t").asLong();
            types.add(n.get("type").asText());
            if ("session".equals(n.get("type").asText()) && "finished".equals(n.get("event").asText())) {
                finished = n;
            }
        }
        assertTrue(types.containsAll(Set.of("state", "cp", "pwm", "power", "limit", "session")), types.toString());
        assertTrue(finished != null && finished.get("energy_Wh").asDouble() > 50, String.valueOf(finished));
        assertEquals("EVDisconnected", finished.get("reason").asText());
    }

    @Test
    void theDefaultRunOfSimulateChargesAWholeSession() {
        Result r = jevse("simulate");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("state Charging"), r.out());
        assertTrue(r.out().contains("finished: EVDisconnected"), r.out());
    }
}
