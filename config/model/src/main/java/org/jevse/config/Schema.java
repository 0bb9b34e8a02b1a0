package org.jevse.config;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The configuration keys as the {@link Key} annotations declare them. This is the only place that reads the
 * annotations, so the loader, the printer and the reference all agree on names, types, defaults and ranges.
 */
final class Schema {

    /** The whole file: the sections of {@link JevseConfig}. */
    static final Section ROOT = Section.of(JevseConfig.class, "");

    /** The whole of another file read the same way (the energy manager's), whose root record is {@code type}. */
    static Section root(Class<? extends Record> type) {
        return type == JevseConfig.class ? ROOT : Section.of(type, "");
    }

    private Schema() {
    }

    /** The value types a key may have. */
    enum Kind {
        INTEGER("integer"),
        NUMBER("number"),
        BOOLEAN("boolean"),
        STRING("string"),
        ENUM("enum"),
        STRING_LIST("list of strings"),
        NUMBER_LIST("list of numbers"),
        SECTION("section"),
        SECTION_LIST("list of mappings"),
        /** A record whose keys stand in the enclosing section ({@link Key#inline()}). */
        INLINE("keys");

        /** The type as docs/configuration.md names it. */
        final String typeName;

        Kind(String typeName) {
            this.typeName = typeName;
        }

        static Kind of(RecordComponent component) {
            Class<?> type = component.getType();
            // Boxed: an optional key whose absence means "not set" (see Key.def).
            if (type == int.class || type == Integer.class) {
                return INTEGER;
            }
            if (type == double.class) {
                return NUMBER;
            }
            if (type == boolean.class) {
                return BOOLEAN;
            }
            if (type == String.class) {
                return STRING;
            }
            if (type.isEnum()) {
                return ENUM;
            }
            if (type.isRecord()) {
                return SECTION;
            }
            if (type == List.class && component.getGenericType() instanceof ParameterizedType list) {
                Type[] args = list.getActualTypeArguments();
                if (args.length == 1 && args[0] == String.class) {
                    return STRING_LIST;
                }
                if (args.length == 1 && args[0] == Double.class) {
                    return NUMBER_LIST;
                }
                if (args.length == 1 && args[0] instanceof Class<?> element && element.isRecord()) {
                    return SECTION_LIST;
                }
            }
            throw new IllegalStateException("Unsupported configuration type " + component.getGenericType() + " of "
                    + component.getDeclaringRecord().getSimpleName() + "." + component.getName());
        }
    }

    /**
     * A section: the root (path "") or a nested record.
     *
     * @param path     dotted path of the section, "" for the root
     * @param type     the record class
     * @param settings its record components in declaration order, which is also the canonical constructor's
     *                 parameter order (an {@link Kind#INLINE} group is one of them; {@link #keys()} lists its keys)
     */
    record Section(String path, Class<? extends Record> type, List<Setting> settings) {

        static Section of(Class<? extends Record> type, String path) {
            List<Setting> settings = new ArrayList<>();
            for (RecordComponent component : type.getRecordComponents()) {
                settings.add(Setting.of(component, path));
            }
            return new Section(path, type, List.copyOf(settings));
        }

        /** How messages name the section: "at top level" or "in evse". */
        String where() {
            return path.isEmpty() ? "at top level" : "in " + path;
        }

        /** How messages name the section as a key path. */
        String label() {
            return path.isEmpty() ? "top level" : path;
        }

        /**
         * The keys as the file writes them, in declaration order: the {@link #settings()} with each
         * {@link Kind#INLINE} group replaced by its own keys.
         */
        List<Setting> keys() {
            List<Setting> keys = new ArrayList<>();
            for (Setting s : settings) {
                if (s.kind() == Kind.INLINE) {
                    keys.addAll(s.section().keys());
                } else {
                    keys.add(s);
                }
            }
            return keys;
        }

        Optional<Setting> setting(String name) {
            return keys().stream().filter(s -> s.name().equals(name)).findFirst();
        }

        String keyNames() {
            return keys().stream().map(Setting::name).collect(Collectors.joining(", "));
        }

        /** The keys that are nested sections or lists of them, in declaration order. */
        List<Setting> subsections() {
            return keys().stream().filter(s -> s.kind() == Kind.SECTION || s.kind() == Kind.SECTION_LIST).toList();
        }
    }

    /**
     * One key.
     *
     * @param path      dotted path, e.g. {@code board.sim.phases}; for an {@link Kind#INLINE} group, the enclosing
     *                  section's
     * @param key       its annotation
     * @param component the record component it is declared on
     * @param kind      its value type
     * @param section   for a {@link Kind#SECTION}, the nested section; for a {@link Kind#SECTION_LIST}, the section
     *                  of its elements with the path {@code nodes[]}; for a {@link Kind#INLINE} group, its keys
     *                  under the enclosing section's path; otherwise null
     */
    record Setting(String path, Key key, RecordComponent component, Kind kind, Section section) {

        @SuppressWarnings("unchecked")
        static Setting of(RecordComponent component, String parentPath) {
            Key key = component.getAnnotation(Key.class);
            if (key == null) {
                throw new IllegalStateException(component.getDeclaringRecord().getSimpleName() + "." + component.getName()
                        + " has no @Key annotation");
            }
            Kind kind = Kind.of(component);
            if (key.inline()) {
                if (kind != Kind.SECTION) {
                    throw new IllegalStateException(component.getDeclaringRecord().getSimpleName() + "."
                            + component.getName() + " is inline but not a record");
                }
                // Its keys are the enclosing section's: they share its path.
                return new Setting(parentPath, key, component, Kind.INLINE,
                        Section.of((Class<? extends Record>) component.getType(), parentPath));
            }
            String path = parentPath.isEmpty() ? key.name() : parentPath + "." + key.name();
            Section section = switch (kind) {
                case SECTION -> Section.of((Class<? extends Record>) component.getType(), path);
                case SECTION_LIST -> Section.of(elementType(component), path + "[]");
                default -> null;
            };
            return new Setting(path, key, component, kind, section);
        }

        @SuppressWarnings("unchecked")
        private static Class<? extends Record> elementType(RecordComponent component) {
            return (Class<? extends Record>) ((ParameterizedType) component.getGenericType()).getActualTypeArguments()[0];
        }

        /** The section of element {@code index} of a {@link Kind#SECTION_LIST}, so messages say {@code nodes[1].id}. */
        Section element(int index) {
            return Section.of(section.type(), path + "[" + index + "]");
        }

        /** True for an {@code Integer} key without default: absent means null, "not set". */
        boolean optional() {
            return component.getType() == Integer.class;
        }

        String name() {
            return key.name();
        }

        /** What the key accepts, as error messages and docs/configuration.md say it. */
        String allowed() {
            return switch (kind) {
                case INTEGER -> "an integer" + range();
                case NUMBER -> "a number" + range();
                case BOOLEAN -> "true or false";
                case STRING -> "a string";
                case ENUM -> enumConstants().stream().map(Enum::name).collect(Collectors.joining(", "));
                case STRING_LIST -> "a list of non-empty strings";
                case NUMBER_LIST -> "a list of " + (key.size() >= 0 ? key.size() + " " : "") + "numbers" + range();
                case SECTION -> "a mapping of the keys " + section.keyNames();
                case SECTION_LIST -> "a list of mappings of the keys " + section.keyNames();
                case INLINE -> "the keys " + section.keyNames();
            };
        }

        List<Enum<?>> enumConstants() {
            return Arrays.asList((Enum<?>[]) component.getType().getEnumConstants());
        }

        /** The value of this key in a record of its section. */
        Object valueIn(Record owner) {
            try {
                return component.getAccessor().invoke(owner);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Cannot read " + path, e);
            }
        }

        private String range() {
            boolean hasMin = key.min() != Double.NEGATIVE_INFINITY;
            boolean hasMax = key.max() != Double.POSITIVE_INFINITY;
            if (hasMin && hasMax) {
                return " from " + number(key.min()) + " to " + number(key.max());
            }
            if (hasMin) {
                return " of at least " + number(key.min());
            }
            if (hasMax) {
                return " of at most " + number(key.max());
            }
            return "";
        }

        /** A bound as people write it: 80, not 80.0. */
        private static String number(double value) {
            return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        }
    }
}
