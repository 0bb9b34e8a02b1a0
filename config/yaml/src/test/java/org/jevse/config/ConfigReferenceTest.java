package org.jevse.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReferenceTest {

    /** Relative to the config module, surefire's working directory. */
    private static final Path DOC = Path.of("..", "..", "docs", "configuration.md");

    @Test
    void docsConfigurationMdMatchesTheAnnotations() throws IOException {
        String expected = ConfigReference.markdown();
        if (!Files.exists(DOC)) {
            fail("docs/configuration.md is missing; generate it from the repository root with: " + ConfigReference.REGENERATE);
        }
        String actual = Files.readString(DOC);
        if (!expected.equals(actual)) {
            fail("docs/configuration.md is out of date with the @Key annotations (" + firstDifference(expected, actual)
                    + "); regenerate it from the repository root with: " + ConfigReference.REGENERATE);
        }
    }

    @Test
    void everyKeyHasARowMarkedJevseWhereItIsJevsesOwn() {
        String md = ConfigReference.markdown();
        assertTrue(md.contains("\n| `connector_id` | integer | `1` | an integer from 1 to 128 | "), md);
        assertTrue(md.contains("\n| `contactor_feedback_timeout_ms` (jevse) | integer | `250` | an integer from 50 to 2000 | "), md);
        assertTrue(md.contains("\n| `session_id_type` | enum | `UUID` | UUID, UUID_BASE64, SHORT_BASE64 | "), md);
        assertTrue(md.contains("\n| `local_list` (jevse) | list of strings | `[]` | a list of non-empty strings | "), md);
        for (String section : List.of("evse", "board", "board.sim", "auth")) {
            assertTrue(md.contains("\n## " + section + "\n"), section);
        }
    }

    @Test
    void theEnergyManagerFileIsDocumentedWithItsListsRequiredAndUnsetKeys() {
        String md = ConfigReference.markdown();
        for (String section : List.of("energy-manager", "energy-manager: nodes[]", "energy-manager: chargers[]")) {
            assertTrue(md.contains("\n## " + section + "\n"), section);
        }
        assertTrue(md.contains("\n| `minimum_current` | integer | `6000` | an integer from 6000 to 32000 | "), md);
        assertTrue(md.contains("\n| `ca_file` (jevse) | string | `''` | a string | "), md);
        assertTrue(md.contains("\n| `default_available_current` | integer | *not set* | an integer of at least 0 | "), md);
        assertTrue(md.contains("\n| `limits_A` (jevse) | list of numbers | *required* | a list of 3 numbers of at least 0 | "), md);
        assertTrue(md.contains("\n| `nodes` (jevse) | list of mappings | `[]` | a list of mappings of the keys in"
                + " [nodes\\[\\]](#energy-manager-nodes) | "), md);
    }

    @Test
    void theEnergyManagerExampleIsAValidFile() {
        String md = ConfigReference.markdown();
        int start = md.indexOf("```yaml\n", md.indexOf("\n## energy-manager\n")) + "```yaml\n".length();
        EnergyManagerFile example = ConfigLoader.parseEnergyManager(md.substring(start, md.indexOf("```", start)), "example");
        assertEquals(3, example.nodes().size());
        assertEquals(3, example.chargers().size());
    }

    @Test
    void mainWritesTheReferenceToTheGivenFile(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("configuration.md");
        ConfigReference.main(new String[] {out.toString()});
        assertEquals(ConfigReference.markdown(), Files.readString(out));
    }

    private static String firstDifference(String expected, String actual) {
        List<String> e = expected.lines().toList();
        List<String> a = actual.lines().toList();
        for (int i = 0; i < Math.max(e.size(), a.size()); i++) {
            String el = i < e.size() ? e.get(i) : "<end of file>";
            String al = i < a.size() ? a.get(i) : "<end of file>";
            if (!el.equals(al)) {
                return "first difference on line " + (i + 1) + ": expected \"" + el + "\" but the file has \"" + al + "\"";
            }
        }
        return "line endings differ";
    }
}
