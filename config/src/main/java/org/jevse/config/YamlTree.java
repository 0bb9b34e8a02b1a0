package org.jevse.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML text into a {@link JsonNode} tree with strict scalars.
 *
 * <p>Jackson's own tree reading follows YAML 1.1, where {@code yes}, {@code on} and {@code True} are booleans,
 * {@code 0123} is octal 83, {@code 1_000} is 1000 and an alias {@code *x} reads as the text "x". A typo'd value
 * would then be silently taken as something else. This reader walks Jackson's token stream instead and keeps
 * only the plain spellings: {@code true}, {@code false}, integers like {@code 32} and decimals like {@code 0.5}.
 * Every other plain scalar stays the text it was written as, so the loader reports it (or uses it verbatim for a
 * string key). Quoted scalars are always text. It also rejects duplicate keys, aliases and a second document.
 */
final class YamlTree {

    private static final YAMLMapper YAML = YAMLMapper.builder()
            // Keeps yes/no/on/off as text from the start; true/True/TRUE still need the check in scalar().
            .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Integers as written in JSON: no sign other than '-', no leading zeros (YAML 1.1 reads them as octal). */
    private static final Pattern INTEGER = Pattern.compile("0|-?[1-9][0-9]*");
    /** Decimals with digits on both sides of the point and no exponent, so that text and value agree. */
    private static final Pattern DECIMAL = Pattern.compile("-?(0|[1-9][0-9]*)\\.[0-9]+");

    private YamlTree() {
    }

    /**
     * Parses one YAML document.
     *
     * @return the root node; {@link MissingNode} for a file with no content (empty, or only comments)
     * @throws ConfigException for malformed YAML, a duplicate key, an alias or more than one document
     */
    static JsonNode read(String yaml, String source) {
        try (YAMLParser p = (YAMLParser) YAML.createParser(yaml)) {
            if (p.nextToken() == null) {
                return MissingNode.getInstance();
            }
            JsonNode root = node(p, source, "");
            if (p.nextToken() != null) {
                throw new ConfigException(source + ": line " + p.currentTokenLocation().getLineNr()
                        + ": a second YAML document; allowed: one document (no second ---)");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw malformed(e, source);
        } catch (IOException e) {
            // Reading from a String does no I/O; this would be a bug in the parser.
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode node(YAMLParser p, String source, String path) throws IOException {
        JsonToken token = p.currentToken();
        if (p.isCurrentAlias()) {
            throw ConfigException.at(source, label(path), "alias *" + p.getText() + " (line "
                    + p.currentTokenLocation().getLineNr() + ") is not supported", "the value written out");
        }
        return switch (token) {
            case START_OBJECT -> mapping(p, source, path);
            case START_ARRAY -> sequence(p, source, path);
            case VALUE_NULL -> NODES.nullNode();
            case VALUE_STRING -> NODES.textNode(p.getText());
            case VALUE_TRUE, VALUE_FALSE, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> scalar(p.getText());
            default -> throw new IllegalStateException("Unexpected YAML token " + token + " at " + label(path));
        };
    }

    private static ObjectNode mapping(YAMLParser p, String source, String path) throws IOException {
        ObjectNode mapping = NODES.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            String keyPath = path.isEmpty() ? name : path + "." + name;
            if (mapping.has(name)) {
                throw ConfigException.at(source, keyPath, "duplicate key (again on line "
                        + p.currentTokenLocation().getLineNr() + ")", "each key once per section");
            }
            p.nextToken();
            mapping.set(name, node(p, source, keyPath));
        }
        return mapping;
    }

    private static ArrayNode sequence(YAMLParser p, String source, String path) throws IOException {
        ArrayNode sequence = NODES.arrayNode();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            sequence.add(node(p, source, path + "[" + sequence.size() + "]"));
        }
        return sequence;
    }

    /** A plain scalar Jackson took for a boolean or number: kept as that only in its plain spelling. */
    private static JsonNode scalar(String text) {
        if (text.equals("true") || text.equals("false")) {
            return NODES.booleanNode(text.equals("true"));
        }
        if (INTEGER.matcher(text).matches()) {
            BigInteger value = new BigInteger(text);
            return value.bitLength() < Long.SIZE ? NODES.numberNode(value.longValue()) : NODES.numberNode(value);
        }
        if (DECIMAL.matcher(text).matches()) {
            // DecimalNode keeps the scale, so "1.50" stays 1.50 when a string key takes it as text.
            return DecimalNode.valueOf(new BigDecimal(text));
        }
        return NODES.textNode(text);
    }

    private static String label(String path) {
        return path.isEmpty() ? "top level" : path;
    }

    /** One line from the parser's error: the problem and the line it is on (SnakeYAML counts lines from 0). */
    private static ConfigException malformed(JsonProcessingException e, String source) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
                int line = marked.getProblemMark().getLine() + 1;
                String problem = marked.getProblem();
                if (marked.getContext() != null && marked.getContextMark() != null) {
                    problem += " (" + marked.getContext() + " from line " + (marked.getContextMark().getLine() + 1) + ")";
                }
                return new ConfigException(source + ": line " + line + ": malformed YAML: " + problem);
            }
        }
        String message = e.getOriginalMessage();
        String firstLine = message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("")
                // "got this instead: <org.yaml.snakeyaml.events.SequenceStartEvent(anchor=null, ...)>" -> "SequenceStart"
                .replaceAll("<org\\.yaml\\.snakeyaml\\.events\\.(\\w+?)Event\\(.*?\\)>", "$1");
        int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        // Limits such as the nesting depth are checked where no line is known.
        String where = line > 0 ? "line " + line + ": " : "";
        return new ConfigException(source + ": " + where + "malformed YAML: " + firstLine);
    }
}
