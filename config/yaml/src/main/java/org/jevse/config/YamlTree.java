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

/**
 * Reads YAML text into a {@link JsonNode} tree with strict scalars.
 *
 * <p>Jackson's own tree reading follows YAML 1.1, where {@code yes}, {@code on} and {@code True} are booleans,
 * {@code 0123} is octal 83, {@code 1_000} is 1000 and an alias {@code *x} reads as the text "x". A typo'd value
 * would then be silently taken as something else. This reader walks Jackson's token stream instead and keeps
 * only the plain spellings: {@code true}, {@code false}, integers like {@code 32} and decimals like {@code 0.5}.
 * Every other plain scalar stays the text it was written as, so the loader reports it (or uses it verbatim for a
 * string key). Quoted scalars are always text. It also rejects duplicate keys, aliases, tags and a second document.
 *
 * <p>A file is bounded before it gets here ({@link ConfigText#MAX_BYTES}); the tree is bounded here, in depth and in
 * the length of a key or value. Jackson's YAML parser does not use SnakeYAML's composer, so the composer's limits in
 * {@code LoaderOptions} (aliases for collections, nesting depth, duplicate keys) would not apply: the checks are
 * made here, on the token stream, where the key path is known.
 */
final class YamlTree {

    /**
     * Levels of mappings and lists, the top-level mapping being the first. The deepest a configuration goes is three
     * ({@code board.sim.phases}, {@code nodes[0].limits_A[0]}); this walk recurses once per level, so the bound also
     * keeps a hostile file from exhausting the stack.
     */
    static final int MAX_DEPTH = 16;
    /** Characters of one key or value: a path or URL is at most a few KiB, a simulated EV script a few hundred. */
    static final int MAX_SCALAR_CHARS = 64 * 1024;
    /**
     * Values, lists and mappings in one file. An energy manager's file takes five a charger (its mapping and four
     * values), so this is room for a site of 20,000 chargers, and such a file is read and printed in a 24 MiB heap;
     * without the bound, the half million one-letter values that 1 MiB can hold needed more than 48 MiB of the
     * launcher's 64 MiB.
     */
    static final int MAX_NODES = 100_000;

    private static final YAMLMapper YAML = YAMLMapper.builder()
            // Keeps yes/no/on/off as text from the start; true/True/TRUE still need the check in scalar().
            .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Integers as written in JSON: no sign other than '-', no leading zeros (YAML 1.1 reads them as octal). */
    private static final Pattern INTEGER = Pattern.compile("0|-?[1-9][0-9]*");
    /** Decimals with digits on both sides of the point and no exponent, so that text and value agree. */
    private static final Pattern DECIMAL = Pattern.compile("-?(0|[1-9][0-9]*)\\.[0-9]+");
    /** SnakeYAML's own prefix of the YAML 1.1 tags, written {@code !!name} in a file. */
    private static final String STANDARD_TAG = "tag:yaml.org,2002:";

    private final YAMLParser p;
    private final String source;
    private int nodes;

    private YamlTree(YAMLParser p, String source) {
        this.p = p;
        this.source = source;
    }

    /**
     * Parses one YAML document.
     *
     * @return the root node; {@link MissingNode} for a file with no content (empty, or only comments)
     * @throws ConfigException for malformed YAML, text beyond the bounds, a duplicate key, an alias, a tag or more
     *                         than one document
     */
    static JsonNode read(String yaml, String source) {
        ConfigText.requireSize(yaml, source);
        try (YAMLParser p = (YAMLParser) YAML.createParser(yaml)) {
            if (p.nextToken() == null) {
                return MissingNode.getInstance();
            }
            JsonNode root = new YamlTree(p, source).node("", 1);
            if (p.nextToken() != null) {
                throw new ConfigException(source + ": line " + p.currentTokenLocation().getLineNr()
                        + ": a second YAML document; allowed: one document (no second ---)");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw YamlSyntax.malformed(e, yaml, source);
        } catch (IOException e) {
            // Reading from a String does no I/O; this would be a bug in the parser.
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode node(String path, int depth) throws IOException {
        JsonToken token = p.currentToken();
        if (p.isCurrentAlias()) {
            throw ConfigException.at(source, label(path), "alias *" + p.getText() + " (line "
                    + p.currentTokenLocation().getLineNr() + ") is not supported", "the value written out");
        }
        refuseTag(path);
        if ((token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) && depth > MAX_DEPTH) {
            throw ConfigException.at(source, label(path), "nested deeper than " + MAX_DEPTH + " levels ("
                    + where() + ")", "at most " + MAX_DEPTH + " levels of mappings and lists");
        }
        if (++nodes > MAX_NODES) {
            throw ConfigException.at(source, label(path), "value " + nodes + " of the file (" + where() + ")",
                    "at most " + MAX_NODES + " values, lists and mappings in a file");
        }
        return switch (token) {
            case START_OBJECT -> mapping(path, depth);
            case START_ARRAY -> sequence(path, depth);
            case VALUE_NULL -> NODES.nullNode();
            case VALUE_STRING -> NODES.textNode(boundedText(path, "a value"));
            case VALUE_TRUE, VALUE_FALSE, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> scalar(boundedText(path, "a value"));
            default -> throw new IllegalStateException("Unexpected YAML token " + token + " at " + label(path));
        };
    }

    private ObjectNode mapping(String path, int depth) throws IOException {
        ObjectNode mapping = NODES.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            // Jackson reports no tag of a key; a tagged key is read as its text and must still be one of the schema's.
            String name = boundedText(path, "a key");
            String keyPath = path.isEmpty() ? name : path + "." + name;
            if (mapping.has(name)) {
                throw ConfigException.at(source, keyPath, "duplicate key (again on line "
                        + p.currentTokenLocation().getLineNr() + ")", "each key once per section");
            }
            p.nextToken();
            mapping.set(name, node(keyPath, depth + 1));
        }
        return mapping;
    }

    private ArrayNode sequence(String path, int depth) throws IOException {
        ArrayNode sequence = NODES.arrayNode();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            sequence.add(node(path + "[" + sequence.size() + "]", depth + 1));
        }
        return sequence;
    }

    /**
     * An explicit tag ({@code !!binary}, {@code !!int "5"}, {@code !custom}) would make the parser build, or claim,
     * something else than the text written, so none is taken.
     */
    private void refuseTag(String path) throws IOException {
        String tag = p.getTypeId();
        if (tag != null) {
            String written = tag.startsWith(STANDARD_TAG) ? "!!" + tag.substring(STANDARD_TAG.length())
                    : tag.contains(":") ? "!<" + tag + ">" : "!" + tag;
            throw ConfigException.at(source, label(path), "tag " + written + " (" + where() + ") is not supported",
                    "a plain or quoted value without a tag");
        }
    }

    private String boundedText(String path, String what) throws IOException {
        String text = p.getText();
        if (text.length() > MAX_SCALAR_CHARS) {
            throw ConfigException.at(source, label(path), what + " of " + text.length() + " characters (" + where()
                    + ")", "at most " + MAX_SCALAR_CHARS + " characters");
        }
        return text;
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

    private String where() {
        return "line " + p.currentTokenLocation().getLineNr() + ", column " + p.currentTokenLocation().getColumnNr();
    }
}
