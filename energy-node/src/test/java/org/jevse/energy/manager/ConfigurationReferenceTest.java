package org.jevse.energy.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jevse.config.ConfigReference;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md is generated from the {@link org.jevse.config.Key} annotations of the charger's file and
 * of the energy manager's; this is the lowest module that sees both. With {@code -Djevse.writeReference=true} the
 * test writes the file instead of comparing it ({@link ConfigReference#REGENERATE}).
 */
class ConfigurationReferenceTest {

    /** Relative to the energy-node module, surefire's working directory. */
    private static final Path DOC = Path.of("..", "docs", "configuration.md");

    private static String markdown() {
        return ConfigReference.markdown(List.of(EnergyManagerFile.REFERENCE));
    }

    @Test
    void docsConfigurationMdMatchesTheAnnotations() throws IOException {
        String expected = markdown();
        if (Boolean.getBoolean("jevse.writeReference")) {
            Files.writeString(DOC, expected);
        }
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
    void theEnergyManagerFileIsDocumentedWithItsListsRequiredAndUnsetKeys() {
        String md = markdown();
        for (String section : List.of("energy-manager", "energy-manager: nodes[]", "energy-manager: chargers[]")) {
            assertTrue(md.contains("\n## " + section + "\n"), section);
        }
        assertTrue(md.contains("\n| `minimum_current` | integer | `6000` | an integer from 6000 to 32000 | "), md);
        assertTrue(md.contains("\n| `ca_file` (jevse) | string | `''` | a string | "), md);
        assertTrue(md.contains("\n| `default_available_current` | integer | *not set* | an integer of at least 0 | "), md);
        assertTrue(md.contains("\n| `limits_A` (jevse) | list of numbers | *required* | a list of 3 numbers of at least 0 | "), md);
        assertTrue(md.contains("\n| `nodes` (jevse) | list of mappings | `[]` | a list of mappings of the keys in"
                + " [nodes\\[\\]](#energy-manager-nodes) | "), md);
        assertTrue(md.contains("\n| `rotation` (jevse) | enum | `UNKNOWN` | L123, L132, L231, L213, L321, L312, UNKNOWN | "), md);
    }

    @Test
    void theEnergyManagerExampleIsAValidFile() {
        String md = markdown();
        int start = md.indexOf("```yaml\n", md.indexOf("\n## energy-manager\n")) + "```yaml\n".length();
        EnergyManagerFile example = EnergyManagerFile.parse(md.substring(start, md.indexOf("```", start)), "example");
        assertEquals(3, example.nodes().size());
        assertEquals(3, example.chargers().size());
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
