package org.jevse.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written to break the reader rather than to configure a charger: each is refused with one line naming the
 * file, where in it, and what is allowed, never with another exception, a stack overflow or an exhausted heap.
 */
class HostileConfigFileTest {

    private static final String FILE = "jevse.yaml";

    private static String rejection(Executable reading) {
        ConfigException e = assertThrows(ConfigException.class, reading);
        String message = e.getMessage();
        assertFalse(message.contains("\n") || message.contains("\r"), () -> "not one line: " + message);
        return message;
    }

    private static String rejection(String yaml) {
        return rejection(() -> ConfigLoader.parse(yaml, FILE));
    }

    // --- tags ------------------------------------------------------------------------------------------------

    @Test
    void aBinaryTagIsRefusedWithItsKeyAndLine() {
        assertEquals("jevse.yaml: evse.evse_id: tag !!binary (line 2, column 12) is not supported;"
                        + " allowed: a plain or quoted value without a tag",
                rejection("evse:\n  evse_id: !!binary aGVsbG8=\n"));
    }

    @Test
    void everyOtherTagIsRefusedTooRatherThanSilentlyIgnored() {
        assertEquals("jevse.yaml: evse.evse_id: tag !custom (line 2, column 12) is not supported;"
                + " allowed: a plain or quoted value without a tag", rejection("evse:\n  evse_id: !custom x\n"));
        assertEquals("jevse.yaml: evse.connector_id: tag !!int (line 2, column 17) is not supported;"
                + " allowed: a plain or quoted value without a tag", rejection("evse:\n  connector_id: !!int \"2\"\n"));
        assertEquals("jevse.yaml: evse: tag !!map (line 1, column 7) is not supported;"
                + " allowed: a plain or quoted value without a tag", rejection("evse: !!map\n  evse_id: x\n"));
        assertEquals("jevse.yaml: auth.local_list: tag !!seq (line 2, column 15) is not supported;"
                + " allowed: a plain or quoted value without a tag", rejection("auth:\n  local_list: !!seq [A]\n"));
    }

    // --- nesting ---------------------------------------------------------------------------------------------

    @Test
    void fiveThousandNestedBracketsAreRefusedAtTheFirstLevelTooDeep() {
        String yaml = "evse: " + "[".repeat(5000) + "]".repeat(5000) + "\n";
        assertEquals("jevse.yaml: evse" + "[0]".repeat(15) + ": nested deeper than 16 levels (line 1, column 22);"
                + " allowed: at most 16 levels of mappings and lists", rejection(yaml));
    }

    @Test
    void deeplyNestedMappingsAreRefusedToo() {
        StringBuilder yaml = new StringBuilder();
        for (int level = 0; level < 200; level++) {
            yaml.append("  ".repeat(level)).append("k:\n");
        }
        String message = rejection(yaml.toString());
        assertEquals("jevse.yaml: " + "k.".repeat(15) + "k: nested deeper than 16 levels (line 17, column 33);"
                + " allowed: at most 16 levels of mappings and lists", message);
    }

    @Test
    void sixteenLevelsAreStillReadSoTheLimitIsTheOneDocumented() {
        // The top-level mapping and fifteen lists: past the reader, refused only by the schema.
        String yaml = "evse: " + "[".repeat(15) + "]".repeat(15) + "\n";
        String message = rejection(yaml);
        assertTrue(message.startsWith("jevse.yaml: evse: a list is not a mapping"), message);
    }

    // --- sizes -----------------------------------------------------------------------------------------------

    @Test
    void aValueLongerThan64KiBIsRefusedWithItsKey() {
        String yaml = "evse:\n  evse_id: " + "x".repeat(65_537) + "\n";
        assertEquals("jevse.yaml: evse.evse_id: a value of 65537 characters (line 2, column 12);"
                + " allowed: at most 65536 characters", rejection(yaml));
        assertEquals("DE*" + "x".repeat(65_533),
                ConfigLoader.parse("evse:\n  evse_id: DE*" + "x".repeat(65_533) + "\n", FILE).evse().evseId());
    }

    @Test
    void aKeyLongerThan64KiBIsRefused() {
        // An implicit key is limited to 1024 characters by YAML itself; an explicit one ("? key") is not.
        String yaml = "evse:\n  ? " + "k".repeat(65_537) + "\n  : 1\n";
        assertEquals("jevse.yaml: evse: a key of 65537 characters (line 2, column 5); allowed: at most 65536 characters",
                rejection(yaml));
    }

    @Test
    void aFileOfMoreThan100000ValuesIsRefusedAtTheFirstOneTooMany() {
        // The top-level mapping, auth, local_list and 99,997 tags are 100,000 values; one more is too many.
        String tags = "A,".repeat(99_997);
        assertEquals(99_997, ConfigLoader.parse("auth:\n  local_list: [" + tags + "]\n", FILE).auth().localList().size());
        assertEquals("jevse.yaml: auth.local_list[99997]: value 100001 of the file (line 2, column 200010); allowed: at most"
                + " 100000 values, lists and mappings in a file", rejection("auth:\n  local_list: [" + tags + "A]\n"));
    }

    @Test
    void aFileOfFiveMiBIsRefusedBeforeItIsParsed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("big.yaml");
        Files.writeString(file, "evse:\n  evse_id: " + "x".repeat(5 * 1024 * 1024) + "\n");
        assertEquals(file + ": larger than 1048576 bytes; allowed: a file of at most 1 MiB",
                rejection(() -> ConfigLoader.load(file)));
        assertEquals(file + ": larger than 1048576 bytes; allowed: a file of at most 1 MiB",
                rejection(() -> ConfigLoader.load(JevseConfig.class, file))); // the way other files (the energy manager's) are read
    }

    @Test
    void aFileOfExactlyOneMiBIsRead(@TempDir Path dir) throws IOException {
        String head = "evse:\n  evse_id: x\n";
        Path file = dir.resolve("padded.yaml");
        StringBuilder yaml = new StringBuilder(head);
        String comment = "# " + "-".repeat(61) + "\n";
        while (yaml.length() + comment.length() <= 1024 * 1024) {
            yaml.append(comment);
        }
        yaml.append("#".repeat(1024 * 1024 - yaml.length() - 1)).append('\n');
        Files.writeString(file, yaml);
        assertEquals(1024 * 1024, Files.size(file));
        assertEquals("x", ConfigLoader.load(file).evse().evseId());
    }

    @Test
    void textLongerThanOneMiBIsRefusedByParseToo() {
        String yaml = "#".repeat(1024 * 1024) + "\n";
        assertEquals("jevse.yaml: larger than 1048576 characters; allowed: a file of at most 1 MiB", rejection(yaml));
    }

    @Test
    void aFileThatNeverEndsIsReadOnlyUpToTheLimit() {
        Path endless = Path.of("/dev/zero");
        assumeTrue(Files.isReadable(endless), "needs /dev/zero");
        assertEquals("/dev/zero: larger than 1048576 bytes; allowed: a file of at most 1 MiB",
                rejection(() -> ConfigLoader.load(endless)));
    }

    // --- aliases (billion laughs) ----------------------------------------------------------------------------

    @Test
    void aBillionLaughsFileIsRefusedAtItsFirstAliasWithoutExpandingIt() {
        StringBuilder yaml = new StringBuilder("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int level = 1; level < 10; level++) {
            yaml.append("l").append(level).append(": &l").append(level).append(" [")
                    .append(("*l" + (level - 1) + ", ").repeat(8)).append("*l").append(level - 1).append("]\n");
        }
        assertEquals("jevse.yaml: l1[0]: alias *l0 (line 2) is not supported; allowed: the value written out",
                rejection(yaml.toString()));
    }

    // --- what the parser reports -----------------------------------------------------------------------------

    @Test
    void aTabInTheIndentationNamesLineColumnAndWhatIsAllowed() {
        assertEquals("jevse.yaml: line 2, column 1: a TAB character; allowed: spaces for indentation",
                rejection("evse:\n\tevse_id: x\n"));
    }

    @Test
    void aBadEscapeNamesLineColumnAndTheEscapesAllowed() {
        assertEquals("jevse.yaml: line 2, column 15: unknown escape \\q in a double-quoted value; allowed:"
                        + " \\0 \\a \\b \\t \\n \\v \\f \\r \\e \\\" \\/ \\\\ \\N \\_ \\L \\P \\xXX \\uXXXX \\UXXXXXXXX,"
                        + " or a single-quoted value (no escapes)",
                rejection("evse:\n  evse_id: \"a\\qb\"\n"));
    }

    @Test
    void aControlCharacterNamesItsLineAndColumn() {
        assertEquals("jevse.yaml: line 2, column 13: character U+0000 is not allowed; allowed: printable characters,"
                + " TAB and line breaks", rejection("evse:\n  evse_id: a\u0000b\n"));
    }

    @Test
    void otherSyntaxErrorsNameLineAndColumnAndWhatIsAllowed() {
        assertEquals("jevse.yaml: line 3, column 19: malformed YAML: mapping values are not allowed here;"
                + " allowed: YAML mappings and lists as in docs/configuration.md",
                rejection("evse:\n  connector_id: 1\n   has_ventilation: false\n"));
    }

    @Test
    void invalidUtf8NamesLineColumnAndTheByte(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("latin1.yaml");
        Files.write(file, "evse:\n  evse_id: Stra\u00dfe\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertEquals(file + ": line 2, column 16: byte 0xdf is not UTF-8; allowed: UTF-8 text",
                rejection(() -> ConfigLoader.load(file)));
    }

    @Test
    void aByteOrderMarkIsAcceptedAsUtf8(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bom.yaml");
        Files.writeString(file, "\ufeffevse:\n  evse_id: x\n");
        assertEquals("x", ConfigLoader.load(file).evse().evseId());
    }
}
