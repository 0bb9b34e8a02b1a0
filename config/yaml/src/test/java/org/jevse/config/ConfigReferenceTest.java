package org.jevse.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reference's charger part and how another file is appended; the comparison with the committed
 * docs/configuration.md, which includes the energy manager's file, is energy-node's ConfigurationReferenceTest.
 */
class ConfigReferenceTest {

    /** A file of its own, read the same way as the charger's. */
    record OtherRoot(
            @Key(name = "port", def = "1883", min = 1, max = 65535, jevse = true, doc = "A port.")
            int port) {
    }

    @Test
    void everyKeyHasARowMarkedJevseWhereItIsJevsesOwn() {
        String md = ConfigReference.markdown(List.of());
        assertTrue(md.contains("\n| `connector_id` | integer | `1` | an integer from 1 to 128 | "), md);
        assertTrue(md.contains("\n| `contactor_feedback_timeout_ms` (jevse) | integer | `250` | an integer from 50 to 2000 | "), md);
        assertTrue(md.contains("\n| `session_id_type` | enum | `UUID` | UUID, UUID_BASE64, SHORT_BASE64 | "), md);
        assertTrue(md.contains("\n| `local_list` (jevse) | list of strings | `[]` | a list of non-empty strings | "), md);
        for (String section : List.of("evse", "board", "board.sim", "auth")) {
            assertTrue(md.contains("\n## " + section + "\n"), section);
        }
    }

    @Test
    void anotherFileFollowsTheChargersWithItsHeadingIntroductionAndKeys() {
        String md = ConfigReference.markdown(List.of(new ConfigReference.OtherFile("other", "Its introduction.\n\n",
                OtherRoot.class)));
        int defaults = md.indexOf("\n## All defaults\n");
        int other = md.indexOf("\n## other\n\nIts introduction.\n\n| key | type | default | allowed | description |\n");
        assertTrue(defaults > 0 && other > defaults, md);
        assertTrue(md.endsWith("\n| `port` (jevse) | integer | `1883` | an integer from 1 to 65535 | A port. |\n"), md);
    }
}
