package org.jevse.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.jevse.config.Schema.Setting;

/** Turns one YAML value into the Java value of its key, or a one-line {@link ConfigException}. */
final class Values {

    private Values() {
    }

    /**
     * @param setting a key that holds a value (not a section)
     * @param node    its YAML value, as {@link YamlTree} reads it
     * @param source  the file name for messages
     */
    static Object convert(Setting setting, JsonNode node, String source) {
        String path = setting.path();
        String allowed = setting.allowed();
        if (node.isMissingNode() || node.isNull()) {
            throw ConfigException.at(source, path, "no value", allowed);
        }
        return switch (setting.kind()) {
            case INTEGER, NUMBER, BOOLEAN, STRING, ENUM -> scalar(setting, node, path, source);
            case STRING_LIST -> stringList(setting, node, source);
            case NUMBER_LIST -> numberList(setting, node, source);
            case SECTION, SECTION_LIST, INLINE -> throw new IllegalArgumentException(path + " is a section, not a value");
        };
    }

    /** One value of a scalar kind, found at {@code path} (the key, or an element of a list). */
    private static Object scalar(Setting setting, JsonNode node, String path, String source) {
        String allowed = setting.allowed();
        return switch (setting.kind()) {
            case INTEGER -> {
                if (!node.isIntegralNumber()) {
                    throw ConfigException.at(source, path, describe(node) + " is not an integer", allowed);
                }
                if (!node.canConvertToInt() || !inRange(setting, node.intValue())) {
                    throw ConfigException.at(source, path, describe(node) + " is out of range", allowed);
                }
                yield node.intValue();
            }
            case NUMBER -> {
                if (!node.isNumber()) {
                    throw ConfigException.at(source, path, describe(node) + " is not a number", allowed);
                }
                if (!inRange(setting, node.doubleValue())) {
                    throw ConfigException.at(source, path, describe(node) + " is out of range", allowed);
                }
                yield node.doubleValue();
            }
            case BOOLEAN -> {
                if (!node.isBoolean()) {
                    throw ConfigException.at(source, path, describe(node) + " is not a boolean", allowed);
                }
                yield node.booleanValue();
            }
            case STRING -> {
                if (!node.isValueNode()) {
                    throw ConfigException.at(source, path, describe(node) + " is not a string", allowed);
                }
                yield text(node);
            }
            case ENUM -> {
                String name = node.isValueNode() ? text(node) : null;
                // Exact names only: a case-insensitive match would accept spellings the docs never show.
                yield setting.enumConstants().stream()
                        .filter(constant -> constant.name().equals(name))
                        .findFirst()
                        .orElseThrow(() -> ConfigException.at(source, path, describe(node) + " is not allowed", allowed));
            }
            default -> throw new IllegalArgumentException(path + " is not a scalar");
        };
    }

    private static List<String> stringList(Setting setting, JsonNode node, String source) {
        String path = setting.path();
        String allowed = setting.allowed();
        if (!node.isArray()) {
            throw ConfigException.at(source, path, describe(node) + " is not a list", allowed);
        }
        List<String> list = new ArrayList<>();
        for (JsonNode element : node) {
            String elementPath = path + "[" + list.size() + "]";
            if (element.isNull()) {
                throw ConfigException.at(source, elementPath, "no value", allowed);
            }
            if (!element.isValueNode()) {
                throw ConfigException.at(source, elementPath, describe(element) + " is not a string", allowed);
            }
            String text = text(element);
            if (text.isEmpty()) {
                throw ConfigException.at(source, elementPath, "an empty string", allowed);
            }
            list.add(text);
        }
        return List.copyOf(list);
    }

    private static List<Double> numberList(Setting setting, JsonNode node, String source) {
        String path = setting.path();
        String allowed = setting.allowed();
        if (!node.isArray()) {
            throw ConfigException.at(source, path, describe(node) + " is not a list", allowed);
        }
        int size = setting.key().size();
        if (size >= 0 && node.size() != size) {
            throw ConfigException.at(source, path, "a list of " + node.size() + " is not " + size, allowed);
        }
        List<Double> list = new ArrayList<>();
        for (JsonNode element : node) {
            String elementPath = path + "[" + list.size() + "]";
            if (!element.isNumber()) {
                throw ConfigException.at(source, elementPath, describe(element) + " is not a number", allowed);
            }
            if (!inRange(setting, element.doubleValue())) {
                throw ConfigException.at(source, elementPath, describe(element) + " is out of range", allowed);
            }
            list.add(element.doubleValue());
        }
        return List.copyOf(list);
    }

    /** A scalar as a string. {@link YamlTree} keeps numbers only in spellings whose text this reproduces exactly. */
    static String text(JsonNode scalar) {
        return scalar.isNumber() ? scalar.decimalValue().toPlainString() : scalar.asText();
    }

    /** A value as messages show it: text quoted (and escaped), numbers and booleans bare, collections by kind. */
    static String describe(JsonNode node) {
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isNull() || node.isMissingNode()) {
            return "no value";
        }
        if (node.isTextual()) {
            return Quoted.text(node.asText());
        }
        return text(node);
    }

    private static boolean inRange(Setting setting, double value) {
        return value >= setting.key().min() && value <= setting.key().max();
    }
}
