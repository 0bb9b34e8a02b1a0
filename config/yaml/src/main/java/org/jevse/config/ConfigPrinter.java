package org.jevse.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.math.BigDecimal;
import java.util.List;
import org.jevse.config.Schema.Kind;
import org.jevse.config.Schema.Section;
import org.jevse.config.Schema.Setting;

/**
 * Prints a configuration as YAML with every key, defaults included, in declaration order: what
 * {@code jevse config check} shows as the effective configuration. {@link ConfigLoader#parse} reads the output back to an equal
 * configuration.
 */
public final class ConfigPrinter {

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            // A long ev_script stays on one line instead of folding with escaped line breaks.
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            // With MINIMIZE_QUOTES a string such as "32" would otherwise be written bare and read back as a number.
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            // The loader reads decimals only without exponent (0.0001, not 1.0E-4).
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ConfigPrinter() {
    }

    /**
     * A configuration as YAML text, ending with a newline: the charger's {@link JevseConfig} or another file's root
     * record (the energy manager's); optional keys that are not set are left out.
     */
    public static String toYaml(Record file) {
        try {
            return YAML.writeValueAsString(section(Schema.root(file.getClass()), file));
        } catch (JsonProcessingException e) {
            // The tree holds only text, numbers, booleans and lists: nothing Jackson can fail on.
            throw new IllegalStateException("Cannot print the configuration", e);
        }
    }

    /** What a redacted secret shows instead of its value. */
    public static final String REDACTED = "(redacted)";

    /**
     * A configuration as a JSON tree, the same keys as {@link #toYaml}; every {@link Key#secret()} key that is set
     * shows {@link #REDACTED} instead (the HTTP API's configuration endpoint).
     */
    public static ObjectNode redacted(Record file) {
        return section(Schema.root(file.getClass()), file, true);
    }

    private static ObjectNode section(Section section, Record record) {
        return section(section, record, false);
    }

    private static ObjectNode section(Section section, Record record, boolean redact) {
        ObjectNode node = NODES.objectNode();
        for (Setting setting : section.settings()) {
            Object value = setting.valueIn(record);
            if (value == null) {
                continue; // an optional key that is not set (e.g. default_available_current)
            }
            if (setting.kind() == Kind.INLINE) {
                node.setAll(section(setting.section(), (Record) value, redact)); // its keys are this section's
            } else if (setting.kind() == Kind.SECTION) {
                node.set(setting.name(), section(setting.section(), (Record) value, redact));
            } else if (setting.kind() == Kind.SECTION_LIST) {
                ArrayNode array = NODES.arrayNode();
                ((List<?>) value).forEach(element -> array.add(section(setting.section(), (Record) element, redact)));
                node.set(setting.name(), array);
            } else if (redact && setting.key().secret() && !"".equals(value)) {
                node.put(setting.name(), REDACTED);
            } else {
                node.set(setting.name(), value(value));
            }
        }
        return node;
    }

    /** A value as YAML: ints bare (32), doubles with their point (32.0, 0.5), enums by name. */
    static JsonNode value(Object value) {
        if (value instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (value instanceof Double d) {
            if (!Double.isFinite(d)) {
                // The loader never produces one; YAML's .nan/.inf would not be read back.
                throw new IllegalArgumentException("Cannot print the non-finite number " + d);
            }
            return DecimalNode.valueOf(BigDecimal.valueOf(d));
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Enum<?> e) {
            return NODES.textNode(e.name());
        }
        if (value instanceof List<?> list) {
            ArrayNode array = NODES.arrayNode();
            list.forEach(element -> array.add(value(element)));
            return array;
        }
        return NODES.textNode((String) value);
    }
}
