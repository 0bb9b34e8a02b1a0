package org.jevse.ocpp.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jevse.ocpp.testkit.Schemas;
import org.junit.jupiter.api.Test;

/**
 * Every enumeration of every OCA 1.6J message, read through the client's one mapper: the schema's values parse, and
 * anything that is not exactly one of them (a space before or after, a NUL, another case, an index) is a
 * PropertyConstraintViolation. The payloads come from the schemas themselves, so a new message is covered too.
 */
class StrictEnumsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** A place in a payload that holds an enumeration, and its allowed values. */
    private record EnumAt(List<Object> path, List<String> values) {
    }

    @Test
    void everyEnumerationOfEveryMessageMatchesExactly() throws Exception {
        int messages = 0;
        int checked = 0;
        List<String> lenient = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(Schemas.dir())) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        for (Path file : files) {
            JsonNode schema = JSON.readTree(Files.readString(file));
            String base = file.getFileName().toString().replace(".json", "");
            Class<?> type = Class.forName("org.jevse.ocpp.v16." + (base.endsWith("Response") ? base : base + "Request"));
            List<EnumAt> enums = new ArrayList<>();
            JsonNode valid = generate(schema, schema, new ArrayList<>(), enums);
            assertEquals(List.of(), Schemas.validate(base.replace("Response", ""), base.endsWith("Response"), valid));
            OcppJson.parse(valid, type);
            messages++;
            for (EnumAt e : enums) {
                for (String v : e.values()) {
                    for (String bad : new String[] {v + " ", " " + v, v + "\u0000", "\u0000" + v, v + "\t",
                        v.toLowerCase(), v.toUpperCase(), "0", "1", ""}) {
                        if (e.values().contains(bad)) {
                            continue;
                        }
                        JsonNode p = valid.deepCopy();
                        set(p, e.path(), F.textNode(bad));
                        checked++;
                        try {
                            OcppJson.parse(p, type);
                            lenient.add(base + " " + e.path() + " = " + JSON.writeValueAsString(bad) + " accepted");
                        } catch (RpcException x) {
                            if (x.code() != RpcErrorCode.PropertyConstraintViolation) {
                                lenient.add(base + " " + e.path() + " = " + JSON.writeValueAsString(bad) + ": " + x.code());
                            }
                        }
                    }
                }
            }
        }
        assertTrue(messages >= 70 && checked > 1000, messages + " messages, " + checked + " values");
        assertEquals(List.of(), lenient.subList(0, Math.min(20, lenient.size())), lenient.size() + " lenient of " + checked);
    }

    /** A payload with every property present and the first value of each enumeration; records where enums are. */
    private static JsonNode generate(JsonNode node, JsonNode root, List<Object> path, List<EnumAt> enums) {
        if (node.has("$ref")) {
            String ref = node.get("$ref").asText();
            return generate(root.at(ref.substring(1)), root, path, enums);
        }
        if (node.has("enum")) {
            List<String> values = new ArrayList<>();
            node.get("enum").forEach(v -> values.add(v.asText()));
            enums.add(new EnumAt(List.copyOf(path), values));
            return F.textNode(values.get(0));
        }
        switch (node.path("type").asText()) {
            case "object": {
                ObjectNode o = F.objectNode();
                for (Map.Entry<String, JsonNode> p : node.path("properties").properties()) {
                    path.add(p.getKey());
                    o.set(p.getKey(), generate(p.getValue(), root, path, enums));
                    path.remove(path.size() - 1);
                }
                return o;
            }
            case "array": {
                ArrayNode a = F.arrayNode();
                path.add(0);
                a.add(generate(node.get("items"), root, path, enums));
                path.remove(path.size() - 1);
                return a;
            }
            case "string":
                if ("date-time".equals(node.path("format").asText())) {
                    return F.textNode("2026-11-21T06:00:00Z");
                }
                return F.textNode("uri".equals(node.path("format").asText()) ? "https://example.org/x" : "x");
            case "integer":
                return F.numberNode(1);
            case "number":
                return F.numberNode(1.5);
            case "boolean":
                return F.booleanNode(true);
            default:
                throw new IllegalStateException("schema type " + node + " at " + path);
        }
    }

    private static void set(JsonNode root, List<Object> path, JsonNode value) {
        JsonNode n = root;
        for (int i = 0; i < path.size() - 1; i++) {
            Object k = path.get(i);
            n = k instanceof Integer idx ? n.get(idx) : n.get((String) k);
        }
        Object last = path.get(path.size() - 1);
        if (last instanceof Integer idx) {
            ((ArrayNode) n).set(idx, value);
        } else {
            ((ObjectNode) n).set((String) last, value);
        }
    }
}
