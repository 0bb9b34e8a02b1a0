package org.jevse.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    /** The sections of the file, in declaration order (other work adds sections; the messages list them all). */
    static final String TOP_LEVEL_KEYS = java.util.Arrays.stream(JevseConfig.class.getRecordComponents())
            .map(c -> c.getAnnotation(Key.class).name()).collect(java.util.stream.Collectors.joining(", "));

    private static final String FILE = "jevse.yaml";

    /** Parses {@code yaml}, expects it to be rejected, and returns the message after checking it is one line. */
    private static String rejection(String yaml) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, FILE));
        String message = e.getMessage();
        assertFalse(message.contains("\n") || message.contains("\r"), () -> "not one line: " + message);
        return message;
    }

    private static void assertRejected(String yaml, String expectedMessage) {
        assertEquals(expectedMessage, rejection(yaml));
    }

    /** The keys of a section as the annotations name them, read here independently of the loader. */
    private static String keysOf(Class<? extends Record> section) {
        return Arrays.stream(section.getRecordComponents())
                .map(c -> c.getAnnotation(Key.class).name())
                .collect(Collectors.joining(", "));
    }

    // --- empty files and defaults ---------------------------------------------------------------------------

    @Test
    void anEmptyFileGivesTheDefaults() {
        assertEquals(ConfigLoader.defaults(), ConfigLoader.parse("", FILE));
    }

    @Test
    void aFileWithOnlyCommentsGivesTheDefaults() {
        assertEquals(ConfigLoader.defaults(), ConfigLoader.parse("# nothing set yet\n\n   # still nothing\n", FILE));
    }

    @Test
    void aMissingSectionTakesAllItsDefaults() {
        JevseConfig config = ConfigLoader.parse("evse:\n  max_current_import_A: 16\n", FILE);
        assertEquals(ConfigLoader.defaults().board(), config.board());
        assertEquals(ConfigLoader.defaults().auth(), config.auth());
    }

    @Test
    void aSectionWithAllKeysCommentedOutTakesAllItsDefaults() {
        assertEquals(ConfigLoader.defaults(), ConfigLoader.parse("evse:\n  # max_current_import_A: 16\nboard:\n", FILE));
    }

    @Test
    void givenKeysAreTakenAndTheOthersKeepTheirDefaults() {
        JevseConfig config = ConfigLoader.parse("""
                evse:
                  max_current_import_A: 16.5
                  connector_id: 2
                  has_ventilation: false
                  session_id_type: SHORT_BASE64
                board:
                  sim:
                    phases: 1
                auth:
                  local_list: [04A2B3C4, DEMO-TAG]
                """, FILE);
        assertEquals(16.5, config.evse().maxCurrentImportA());
        assertEquals(2, config.evse().connectorId());
        assertFalse(config.evse().hasVentilation());
        assertEquals(SessionIdType.SHORT_BASE64, config.evse().sessionIdType());
        assertEquals(1, config.board().sim().phases());
        assertEquals(List.of("04A2B3C4", "DEMO-TAG"), config.auth().localList());
        assertEquals(ConfigLoader.defaults().evse().acNominalVoltage(), config.evse().acNominalVoltage());
        assertEquals(ConfigLoader.defaults().board().sim().maxCurrentA(), config.board().sim().maxCurrentA());
    }

    @Test
    void anIntegerIsAcceptedForANumberKey() {
        assertEquals(16.0, ConfigLoader.parse("evse:\n  max_current_import_A: 16\n", FILE).evse().maxCurrentImportA());
    }

    @Test
    void aStringKeyTakesAnyScalarAsWritten() {
        JevseConfig config = ConfigLoader.parse("""
                evse:
                  evse_id: 0123
                  session_logging_path: 1.50
                  logfile_suffix: no
                auth:
                  local_list: [12345678, 0x1F]
                """, FILE);
        assertEquals("0123", config.evse().evseId());
        assertEquals("1.50", config.evse().sessionLoggingPath());
        assertEquals("no", config.evse().logfileSuffix());
        assertEquals(List.of("12345678", "0x1F"), config.auth().localList());
    }

    // --- unknown keys ---------------------------------------------------------------------------------------

    @Test
    void anUnknownKeyAtTopLevelIsRejectedWithTheTopLevelKeys() {
        assertRejected("evse: {}\nevses: {}\n",
                "jevse.yaml: evses: unknown key; allowed keys at top level: " + TOP_LEVEL_KEYS);
    }

    @Test
    void anUnknownKeyInEvseIsRejectedWithAllEvseKeys() {
        assertRejected("evse:\n  max_curent_import_A: 16\n",
                "jevse.yaml: evse.max_curent_import_A: unknown key; allowed keys in evse: " + keysOf(EvseConfig.class));
    }

    @Test
    void anUnknownKeyInBoardSimIsRejectedWithAllBoardSimKeys() {
        assertRejected("board:\n  sim:\n    phase: 1\n",
                "jevse.yaml: board.sim.phase: unknown key; allowed keys in board.sim: " + keysOf(SimBoardConfig.class));
        assertTrue(keysOf(SimBoardConfig.class).startsWith("phases, phase_switching, max_current_A, "));
    }

    @Test
    void keysAreCaseSensitive() {
        assertRejected("evse:\n  Connector_ID: 1\n",
                "jevse.yaml: evse.Connector_ID: unknown key; allowed keys in evse: " + keysOf(EvseConfig.class));
    }

    // --- wrong types ----------------------------------------------------------------------------------------

    @Test
    void aDecimalForAnIntegerKeyIsRejected() {
        assertRejected("evse:\n  connector_id: 16.5\n",
                "jevse.yaml: evse.connector_id: 16.5 is not an integer; allowed: an integer from 1 to 128");
        assertRejected("evse:\n  connector_id: 2.0\n",
                "jevse.yaml: evse.connector_id: 2.0 is not an integer; allowed: an integer from 1 to 128");
    }

    @Test
    void aQuotedNumberIsNotANumber() {
        assertRejected("evse:\n  max_current_import_A: \"32\"\n",
                "jevse.yaml: evse.max_current_import_A: \"32\" is not a number; allowed: a number from 0 to 80");
        assertRejected("evse:\n  connector_id: '1'\n",
                "jevse.yaml: evse.connector_id: \"1\" is not an integer; allowed: an integer from 1 to 128");
    }

    @Test
    void numbersInOtherSpellingsThanPlainDecimalsAreRejected() {
        // YAML 1.1 would read 010 as octal 8 and 1_0 as 10: a surprise either way.
        assertRejected("evse:\n  connector_id: 010\n",
                "jevse.yaml: evse.connector_id: \"010\" is not an integer; allowed: an integer from 1 to 128");
        assertRejected("evse:\n  connector_id: 1_0\n",
                "jevse.yaml: evse.connector_id: \"1_0\" is not an integer; allowed: an integer from 1 to 128");
        assertRejected("evse:\n  max_current_import_A: 1e1\n",
                "jevse.yaml: evse.max_current_import_A: \"1e1\" is not a number; allowed: a number from 0 to 80");
        assertRejected("evse:\n  max_current_import_A: .nan\n",
                "jevse.yaml: evse.max_current_import_A: \".nan\" is not a number; allowed: a number from 0 to 80");
    }

    @Test
    void aBooleanMustBeTrueOrFalse() {
        assertRejected("evse:\n  has_ventilation: maybe\n",
                "jevse.yaml: evse.has_ventilation: \"maybe\" is not a boolean; allowed: true or false");
        for (String yaml11Boolean : List.of("yes", "no", "on", "off", "True", "FALSE", "\"true\"", "1")) {
            String message = rejection("evse:\n  has_ventilation: " + yaml11Boolean + "\n");
            assertTrue(message.endsWith(" is not a boolean; allowed: true or false"), message);
        }
        assertTrue(ConfigLoader.parse("evse:\n  raise_mrec9: true\n", FILE).evse().raiseMrec9());
    }

    @Test
    void anEnumValueMustBeAConstantNameExactly() {
        assertRejected("evse:\n  session_id_type: GUID\n",
                "jevse.yaml: evse.session_id_type: \"GUID\" is not allowed; allowed: UUID, UUID_BASE64, SHORT_BASE64");
        assertRejected("evse:\n  session_id_type: uuid\n",
                "jevse.yaml: evse.session_id_type: \"uuid\" is not allowed; allowed: UUID, UUID_BASE64, SHORT_BASE64");
        assertRejected("evse:\n  rcd_reset: [manual]\n",
                "jevse.yaml: evse.rcd_reset: a list is not allowed; allowed: unplug, manual");
    }

    @Test
    void aStringKeyRejectsAListOrMapping() {
        assertRejected("evse:\n  evse_id: [a, b]\n",
                "jevse.yaml: evse.evse_id: a list is not a string; allowed: a string");
        assertRejected("evse:\n  evse_id: {a: b}\n",
                "jevse.yaml: evse.evse_id: a mapping is not a string; allowed: a string");
    }

    @Test
    void theLocalListMustBeAListOfNonEmptyStrings() {
        assertRejected("auth:\n  local_list: DEMO-TAG\n",
                "jevse.yaml: auth.local_list: \"DEMO-TAG\" is not a list; allowed: a list of non-empty strings");
        assertRejected("auth:\n  local_list: [A, \"\"]\n",
                "jevse.yaml: auth.local_list[1]: an empty string; allowed: a list of non-empty strings");
        assertRejected("auth:\n  local_list:\n    - A\n    -\n",
                "jevse.yaml: auth.local_list[1]: no value; allowed: a list of non-empty strings");
        assertRejected("auth:\n  local_list: [[A]]\n",
                "jevse.yaml: auth.local_list[0]: a list is not a string; allowed: a list of non-empty strings");
    }

    @Test
    void aKeyWithoutAValueIsRejected() {
        assertRejected("evse:\n  connector_id:\n",
                "jevse.yaml: evse.connector_id: no value; allowed: an integer from 1 to 128");
    }

    @Test
    void aSectionThatIsNotAMappingIsRejected() {
        assertRejected("auth: 5\n",
                "jevse.yaml: auth: 5 is not a mapping; allowed: a mapping of the keys local_list, connection_timeout_s, tags_file");
        assertRejected("board:\n  sim: [phases]\n",
                "jevse.yaml: board.sim: a list is not a mapping; allowed: a mapping of the keys " + keysOf(SimBoardConfig.class));
        assertRejected("- evse\n",
                "jevse.yaml: top level: a list is not a mapping; allowed: a mapping of the keys " + TOP_LEVEL_KEYS);
    }

    // --- ranges ---------------------------------------------------------------------------------------------

    @Test
    void aNumberAboveItsMaximumIsRejected() {
        assertRejected("evse:\n  max_current_import_A: 95\n",
                "jevse.yaml: evse.max_current_import_A: 95 is out of range; allowed: a number from 0 to 80");
        assertRejected("evse:\n  max_current_import_A: 80.01\n",
                "jevse.yaml: evse.max_current_import_A: 80.01 is out of range; allowed: a number from 0 to 80");
    }

    @Test
    void aNumberBelowItsMinimumIsRejected() {
        assertRejected("evse:\n  max_current_import_A: -1\n",
                "jevse.yaml: evse.max_current_import_A: -1 is out of range; allowed: a number from 0 to 80");
        assertRejected("evse:\n  soft_over_current_timeout_ms: 5999\n",
                "jevse.yaml: evse.soft_over_current_timeout_ms: 5999 is out of range; allowed: an integer from 6000 to 600000");
        assertRejected("board:\n  sim:\n    phases: 0\n",
                "jevse.yaml: board.sim.phases: 0 is out of range; allowed: an integer from 1 to 3");
    }

    @Test
    void theBoundsThemselvesAreAllowed() {
        JevseConfig config = ConfigLoader.parse("""
                evse:
                  max_current_import_A: 0
                  power_off_under_load_in_c1_timeout_ms: 3000
                board:
                  sim:
                    phases: 3
                    max_current_A: 80
                """, FILE);
        assertEquals(0.0, config.evse().maxCurrentImportA());
        assertEquals(3000, config.evse().powerOffUnderLoadInC1TimeoutMs());
        assertEquals(80.0, config.board().sim().maxCurrentA());
    }

    @Test
    void anIntegerTooLargeForJavaIsOutOfRange() {
        assertRejected("evse:\n  connector_id: 99999999999999999999\n",
                "jevse.yaml: evse.connector_id: 99999999999999999999 is out of range; allowed: an integer from 1 to 128");
    }

    // --- YAML structure -------------------------------------------------------------------------------------

    @Test
    void malformedYamlIsReportedWithItsLine() {
        String message = rejection("evse:\n  connector_id: 1\n   has_ventilation: false\n");
        assertEquals("jevse.yaml: line 3, column 19: malformed YAML: mapping values are not allowed here;"
                + " allowed: YAML mappings and lists as in docs/configuration.md", message);
    }

    @Test
    void anUnclosedListIsReportedAsMalformed() {
        String message = rejection("auth:\n  local_list: [A, B\n");
        assertTrue(message.startsWith("jevse.yaml: line 3, column 1: malformed YAML: expected ',' or ']'"), message);
        assertTrue(message.endsWith("(while parsing a flow sequence from line 2);"
                + " allowed: YAML mappings and lists as in docs/configuration.md"), message);
    }

    @Test
    void aDuplicateKeyIsRejected() {
        assertRejected("evse:\n  connector_id: 1\n  evse_id: X\n  connector_id: 2\n",
                "jevse.yaml: evse.connector_id: duplicate key (again on line 4); allowed: each key once per section");
        assertRejected("evse: {}\nboard: {}\nevse: {}\n",
                "jevse.yaml: evse: duplicate key (again on line 3); allowed: each key once per section");
    }

    @Test
    void anAliasIsRejectedRatherThanReadAsItsName() {
        assertRejected("evse:\n  evse_id: &id DE*X\n  logfile_suffix: *id\n",
                "jevse.yaml: evse.logfile_suffix: alias *id (line 3) is not supported; allowed: the value written out");
    }

    @Test
    void aSecondDocumentIsRejected() {
        assertRejected("evse: {}\n---\nevse: {}\n",
                "jevse.yaml: line 3: a second YAML document; allowed: one document (no second ---)");
    }

    @Test
    void lineBreaksInAValueAreEscapedSoTheMessageStaysOneLine() {
        assertRejected("evse:\n  charge_mode: \"A\\nC\"\n",
                "jevse.yaml: evse.charge_mode: \"A\\nC\" is not allowed; allowed: AC");
        assertRejected("\"ev\\nse\": {}\n",
                "jevse.yaml: ev\\nse: unknown key; allowed keys at top level: " + TOP_LEVEL_KEYS);
    }

    // --- files ----------------------------------------------------------------------------------------------

    @Test
    void aFileIsLoadedAndNamedInMessagesAsGiven(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("jevse.yaml");
        Files.writeString(file, "board:\n  sim:\n    phases: 1\n");
        assertEquals(1, ConfigLoader.load(file).board().sim().phases());

        Files.writeString(file, "board:\n  sim:\n    phases: 4\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
        assertEquals(file + ": board.sim.phases: 4 is out of range; allowed: an integer from 1 to 3", e.getMessage());
    }

    @Test
    void anEmptyFileIsLoadedAsTheDefaults(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("empty.yaml"), "");
        assertEquals(ConfigLoader.defaults(), ConfigLoader.load(file));
    }

    @Test
    void aMissingFileCannotBeRead(@TempDir Path dir) {
        Path file = dir.resolve("missing.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
        assertEquals(file + ": cannot read: no such file", e.getMessage());
    }
}
