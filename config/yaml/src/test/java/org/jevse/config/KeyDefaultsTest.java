package org.jevse.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jevse.config.Schema.Kind;
import org.jevse.config.Schema.Section;
import org.jevse.config.Schema.Setting;
import org.junit.jupiter.api.Test;

/** The {@link Key} annotations themselves: every default is valid, and {@link ConfigLoader#defaults()} is them. */
class KeyDefaultsTest {

    /** Every key that holds a value, with the record of its section in {@code defaults()}. */
    private record Leaf(Setting setting, Record owner) {
    }

    private static List<Leaf> leaves() {
        List<Leaf> leaves = new ArrayList<>();
        collect(Schema.ROOT, ConfigLoader.defaults(), leaves);
        return leaves;
    }

    private static void collect(Section section, Record record, List<Leaf> leaves) {
        for (Setting s : section.settings()) {
            if (s.kind() == Kind.SECTION || s.kind() == Kind.INLINE) {
                collect(s.section(), (Record) s.valueIn(record), leaves);
            } else {
                leaves.add(new Leaf(s, record));
            }
        }
    }

    @Test
    void everyRecordComponentIsAKeyOfTheFile() {
        // Every component of every record reachable from JevseConfig that is not itself a section.
        assertEquals(valueComponents(JevseConfig.class), leaves().size());
    }

    private static int valueComponents(Class<?> record) {
        int n = 0;
        for (var c : record.getRecordComponents()) {
            n += c.getType().isRecord() ? valueComponents(c.getType()) : 1;
        }
        return n;
    }

    @Test
    void theDefaultsAreTheAnnotationDefaults() {
        // The def text is read here with plain Java parsing, independently of the YAML loader.
        for (Leaf leaf : leaves()) {
            Setting s = leaf.setting();
            String def = s.key().def();
            Object expected = switch (s.kind()) {
                case INTEGER -> Integer.parseInt(def);
                case NUMBER -> Double.parseDouble(def);
                case BOOLEAN -> Boolean.parseBoolean(def);
                case STRING -> def.equals("''") ? "" : def;
                case ENUM -> s.enumConstants().stream().filter(c -> c.name().equals(def)).findFirst().orElse(null);
                case STRING_LIST, NUMBER_LIST, SECTION_LIST -> List.of(); // "[]" is the only list default; checked below
                case SECTION, INLINE -> throw new AssertionError("not a leaf");
            };
            if (s.kind() == Kind.STRING_LIST) {
                assertEquals("[]", def, s.path());
            }
            assertEquals(expected, s.valueIn(leaf.owner()), s.path());
        }
    }

    @Test
    void someDefaultsSpelledOut() {
        JevseConfig d = ConfigLoader.defaults();
        assertEquals(32.0, d.evse().maxCurrentImportA());
        assertEquals(7000, d.evse().softOverCurrentTimeoutMs());
        assertEquals(SessionIdType.UUID, d.evse().sessionIdType());
        assertEquals(RcdResetPolicy.unplug, d.evse().rcdReset());
        assertEquals(BoardType.sim, d.board().type());
        assertEquals(3, d.board().sim().phases());
        assertEquals(SimConnector.cable, d.board().sim().connector());
        assertEquals(List.of(), d.auth().localList());
        assertEquals(60, d.auth().connectionTimeoutS());
    }

    @Test
    void everyDefaultIsWithinItsOwnRange() {
        for (Leaf leaf : leaves()) {
            Setting s = leaf.setting();
            Key key = s.key();
            if (s.kind() == Kind.INTEGER || s.kind() == Kind.NUMBER) {
                double def = Double.parseDouble(key.def());
                assertTrue(key.min() <= def && def <= key.max(),
                        () -> s.path() + " default " + key.def() + " is outside " + key.min() + " .. " + key.max());
            }
            // And the loader's own check of the same default, as a file value would get it.
            assertDoesNotThrow(() -> ConfigLoader.defaultValue(s), s.path());
        }
    }

    @Test
    void booleanDefaultsAreSpelledTrueOrFalse() {
        for (Leaf leaf : leaves()) {
            if (leaf.setting().kind() == Kind.BOOLEAN) {
                assertTrue(Set.of("true", "false").contains(leaf.setting().key().def()), leaf.setting().path());
            }
        }
    }

    @Test
    void rangesAreOnlyOnNumbersAndAreNotEmpty() {
        for (Leaf leaf : leaves()) {
            Setting s = leaf.setting();
            boolean numeric = s.kind() == Kind.INTEGER || s.kind() == Kind.NUMBER;
            boolean ranged = s.key().min() != Double.NEGATIVE_INFINITY || s.key().max() != Double.POSITIVE_INFINITY;
            assertTrue(numeric || !ranged, () -> s.path() + " has a range but is a " + s.kind().typeName);
            assertTrue(s.key().min() <= s.key().max(), s.path());
            if (s.kind() == Kind.INTEGER) {
                assertEquals(Math.rint(s.key().min()), s.key().min(), () -> s.path() + ": an integer key needs integer bounds");
                assertEquals(Math.rint(s.key().max()), s.key().max(), () -> s.path() + ": an integer key needs integer bounds");
            }
        }
    }

    @Test
    void sectionsHaveNoDefaultAndEveryKeyIsDocumented() {
        checkSection(Schema.ROOT);
    }

    /**
     * The checks for another file's root record (the energy manager's, whose test lives next to it): every key
     * documented, sections without default, and each key's default valid and within its range (such a file may
     * have no defaults() of its own, as the energy manager's needs a tree).
     */
    static void checkOtherFile(Class<? extends Record> root) {
        checkSection(Schema.root(root));
        checkDefaults(Schema.root(root));
    }

    private static void checkDefaults(Section section) {
        for (Setting s : section.settings()) {
            if (s.section() != null) {
                checkDefaults(s.section());
            }
            if (s.kind() == Kind.SECTION || s.kind() == Kind.INLINE || s.key().required()) {
                continue;
            }
            Key key = s.key();
            if ((s.kind() == Kind.INTEGER || s.kind() == Kind.NUMBER) && !key.def().isEmpty()) {
                double def = Double.parseDouble(key.def());
                assertTrue(key.min() <= def && def <= key.max(), () -> s.path() + " default is outside its range");
            }
            assertDoesNotThrow(() -> ConfigLoader.defaultValue(s), s.path());
        }
    }

    private static void checkSection(Section section) {
        Set<String> names = new HashSet<>();
        for (Setting s : section.keys()) { // an inline group's keys are the section's: none may repeat another
            assertTrue(names.add(s.name()), () -> "duplicate key " + s.path());
            assertFalse(s.key().doc().isBlank(), () -> s.path() + " has no doc");
            assertFalse(s.key().doc().contains("\n"), () -> s.path() + ": a line break would break its table row");
            if (s.kind() == Kind.SECTION) {
                assertEquals("", s.key().def(), () -> s.path() + " is a section: its keys carry the defaults");
                checkSection(s.section());
            } else if (s.key().required() || s.optional()) {
                assertEquals("", s.key().def(), () -> s.path() + " is required or optional: a default would never apply");
            } else {
                assertFalse(s.key().def().isEmpty(), () -> s.path() + " has no default");
            }
            if (s.kind() == Kind.SECTION_LIST) {
                assertEquals("[]", s.key().def(), () -> s.path() + ": a list of sections starts empty");
                checkSection(s.section());
            }
            assertTrue(s.key().size() < 0 || s.kind() == Kind.NUMBER_LIST, () -> s.path() + ": size is for lists of numbers");
        }
    }
}
