package org.jevse.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.jevse.config.Schema.Kind;
import org.jevse.config.Schema.Section;
import org.jevse.config.Schema.Setting;

/**
 * Reads jevse's YAML files (the charger's and the energy manager's), strictly: an unknown key, a value of the wrong
 * type or out of range stops with a {@link ConfigException} naming the file, the key path and what is allowed. Missing keys and sections take the
 * defaults of their {@link Key} annotations, which pass through the same checks.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /**
     * Loads a configuration file (UTF-8, at most {@link ConfigText#MAX_BYTES}).
     *
     * @param file the file; messages name it as given
     * @throws ConfigException if it cannot be read or is not a valid configuration
     */
    public static JevseConfig load(Path file) {
        return parse(ConfigText.read(file), file.toString());
    }

    /**
     * Parses configuration text.
     *
     * @param yaml       the YAML text; empty or only comments means all defaults
     * @param sourceName how messages name the text, usually its file name
     * @throws ConfigException if it is not a valid configuration
     */
    public static JevseConfig parse(String yaml, String sourceName) {
        Objects.requireNonNull(yaml, "yaml");
        Objects.requireNonNull(sourceName, "sourceName");
        return (JevseConfig) section(Schema.ROOT, YamlTree.read(yaml, sourceName), sourceName);
    }

    /** The configuration of an empty file: every key at its {@link Key#def()}. */
    public static JevseConfig defaults() {
        return parse("", "defaults");
    }

    /**
     * Loads another file whose keys are the {@link Key}s of the record {@code root} (the energy manager's), UTF-8,
     * as strictly as the charger's.
     *
     * @throws ConfigException if it cannot be read or is not valid
     */
    public static <R extends Record> R load(Class<R> root, Path file) {
        return parse(root, ConfigText.read(file), file.toString());
    }

    /**
     * Parses another file whose keys are the {@link Key}s of the record {@code root} from text.
     *
     * @param sourceName how messages name the text, usually its file name
     * @throws ConfigException if it is not valid
     */
    public static <R extends Record> R parse(Class<R> root, String yaml, String sourceName) {
        Objects.requireNonNull(yaml, "yaml");
        Objects.requireNonNull(sourceName, "sourceName");
        return root.cast(section(Schema.root(root), YamlTree.read(yaml, sourceName), sourceName));
    }

    private static Record section(Section section, JsonNode node, String source) {
        // An absent section, or one whose keys are all commented out ("evse:" alone), means all its defaults.
        if (node.isMissingNode() || node.isNull()) {
            node = JsonNodeFactory.instance.objectNode();
        }
        if (!node.isObject()) {
            throw ConfigException.at(source, section.label(), Values.describe(node) + " is not a mapping",
                    "a mapping of the keys " + section.keyNames());
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (section.setting(name).isEmpty()) {
                String path = section.path().isEmpty() ? name : section.path() + "." + name;
                throw new ConfigException(source + ": " + path + ": unknown key; allowed keys " + section.where() + ": "
                        + section.keyNames());
            }
        }
        return values(section, node, source);
    }

    /** The section's record from the keys of {@code node}, a mapping whose names are all known. */
    private static Record values(Section section, JsonNode node, String source) {
        List<Object> args = new ArrayList<>();
        for (Setting setting : section.settings()) {
            JsonNode value = node.get(setting.name());
            if (setting.kind() == Kind.SECTION_LIST && value != null && value.isNull()) {
                // "chargers:" with every entry commented out, like a section with all its keys commented out.
                value = null;
            }
            if (setting.kind() == Kind.INLINE) {
                args.add(values(setting.section(), node, source)); // its keys are this section's
            } else if (setting.kind() == Kind.SECTION) {
                args.add(section(setting.section(), value == null ? MissingNode.getInstance() : value, source));
            } else if (value == null && setting.key().required()) {
                throw ConfigException.at(source, setting.path(), "missing", setting.allowed());
            } else if (value == null) {
                args.add(defaultValue(setting));
            } else if (setting.kind() == Kind.SECTION_LIST) {
                args.add(sectionList(setting, value, source));
            } else {
                args.add(Values.convert(setting, value, source));
            }
        }
        return construct(section, args.toArray(), source);
    }

    /** The default, parsed as YAML and checked like a value from the file, so a bad {@code def} cannot slip through. */
    static Object defaultValue(Setting setting) {
        if (setting.optional() && setting.key().def().isEmpty()) {
            return null;
        }
        String source = "@Key def of " + setting.component().getDeclaringRecord().getSimpleName() + "."
                + setting.component().getName();
        JsonNode def = YamlTree.read(setting.key().def(), source);
        return setting.kind() == Kind.SECTION_LIST ? sectionList(setting, def, source) : Values.convert(setting, def, source);
    }

    /** Each element is a section of its own, named by its index: {@code nodes[1].limits_A}. */
    private static List<Record> sectionList(Setting setting, JsonNode node, String source) {
        if (!node.isArray()) {
            throw ConfigException.at(source, setting.path(), Values.describe(node) + " is not a list", setting.allowed());
        }
        List<Record> list = new ArrayList<>();
        for (JsonNode element : node) {
            Section section = setting.element(list.size());
            if (!element.isObject()) {
                throw ConfigException.at(source, section.path(), Values.describe(element) + " is not a mapping",
                        "a mapping of the keys " + section.keyNames());
            }
            list.add(section(section, element, source));
        }
        return List.copyOf(list);
    }

    private static Record construct(Section section, Object[] args, String source) {
        Class<?>[] types = Arrays.stream(section.type().getRecordComponents())
                .map(RecordComponent::getType)
                .toArray(Class<?>[]::new);
        try {
            Constructor<? extends Record> canonical = section.type().getDeclaredConstructor(types);
            return canonical.newInstance(args);
        } catch (InvocationTargetException e) {
            // A check in the record's own constructor: report it like any other invalid value. A root's checks
            // span keys, so their messages name the keys themselves.
            String where = section.path().isEmpty() ? "" : section.path() + ": ";
            throw new ConfigException(source + ": " + where + e.getCause().getMessage());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot construct " + section.type().getSimpleName(), e);
        }
    }
}
