package org.jevse.ocpp.fuzz;

import org.jevse.ocpp.cp.CoreKeys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.jevse.ocpp.config.ConfigKey;
import org.jevse.ocpp.config.Configuration;
import org.jevse.ocpp.session.Actions;
import org.jevse.ocpp.rpc.RpcErrorCode;
import org.jevse.ocpp.testkit.Schemas;
import org.jevse.ocpp.testkit.UnitChargePoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile frames from the server side: bad JSON, wrong frame shapes, wrong types, missing and unknown properties,
 * values outside enumerations, over-long and huge strings, unknown and unsupported actions, duplicate ids, stray
 * CALLRESULTs and CALLERRORs. The oracle is independent of the client's parser: the OCA schema (networknt) decides
 * whether a payload is valid, and the violated keywords decide which CALLERROR codes are correct.
 *
 * <p>Default: 100,000 frames (seeded, a few seconds). More: {@code -Djevse.ocpp.fuzz.frames=5000000}; another
 * seed: {@code -Djevse.ocpp.fuzz.seed=N}.
 */
class ServerFrameFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** The start of a CALL: message type 2 and a message id of 1 to 36 plain characters. */
    private static final java.util.regex.Pattern CALL_START =
            java.util.regex.Pattern.compile("^[ \\t\\r\\n]*\\[[ \\t\\r\\n]*2[ \\t\\r\\n]*,[ \\t\\r\\n]*\"([^\"\\\\\\x00-\\x1f]{1,36})\"");
    /** The CSMS-initiated actions the core client handles. */
    private static final List<String> HANDLED = List.of("ChangeAvailability", "ChangeConfiguration", "ClearCache",
            "DataTransfer", "GetConfiguration", "RemoteStartTransaction", "RemoteStopTransaction", "Reset",
            "TriggerMessage", "UnlockConnector");
    private static final List<String> UNHANDLED = List.of("ReserveNow", "CancelReservation", "SendLocalList",
            "SetChargingProfile", "UpdateFirmware", "GetDiagnostics");

    private enum Shape {
        BAD_JSON, BAD_FRAME, VALID, MUTATED, UNKNOWN_ACTION, UNHANDLED_ACTION, HUGE, DUPLICATE_ID, STRAY_RESPONSE
    }

    @TempDir
    Path dir;

    private final Map<String, JsonNode> requestSchemas = new java.util.HashMap<>();
    private final Map<Shape, Integer> counts = new EnumMap<>(Shape.class);

    @Test
    void hostileFramesGetTheRightCallErrorOrAreIgnored() throws IOException {
        int frames = Integer.getInteger("jevse.ocpp.fuzz.frames", 100_000);
        long seed = Long.getLong("jevse.ocpp.fuzz.seed", 20261121L);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (String a : HANDLED) {
            requestSchemas.put(a, JSON.readTree(Files.readString(Schemas.dir().resolve(a + ".json"))));
        }
        UnitChargePoint u = new UnitChargePoint(dir).startAccepted();
        String lastCall = null;
        for (int i = 0; i < frames; i++) {
            Shape shape = Shape.values()[rnd.nextInt(Shape.values().length)];
            counts.merge(shape, 1, Integer::sum);
            String id = "f" + i;
            String text;
            String action = null;
            JsonNode payload = null;
            switch (shape) {
                case BAD_JSON:
                    text = badJson(rnd, i);
                    break;
                case BAD_FRAME:
                    text = badFrame(rnd, id);
                    break;
                case VALID:
                case MUTATED:
                case HUGE: {
                    action = HANDLED.get(rnd.nextInt(HANDLED.size()));
                    JsonNode schema = requestSchemas.get(action);
                    payload = generate(schema, rnd);
                    if (shape == Shape.MUTATED) {
                        payload = mutate(payload, schema, rnd);
                    } else if (shape == Shape.HUGE) {
                        payload = huge(payload, rnd);
                    }
                    text = call(id, action, payload);
                    break;
                }
                case UNKNOWN_ACTION:
                    action = "X" + Long.toHexString(rnd.nextLong());
                    payload = F.objectNode();
                    text = call(id, action, payload);
                    break;
                case UNHANDLED_ACTION:
                    action = UNHANDLED.get(rnd.nextInt(UNHANDLED.size()));
                    payload = F.objectNode().put("x", 1);
                    text = call(id, action, payload);
                    break;
                case DUPLICATE_ID:
                    text = lastCall != null ? lastCall : call(id, "ClearCache", F.objectNode());
                    break;
                case STRAY_RESPONSE:
                default:
                    text = rnd.nextBoolean() ? "[3,\"" + id + "\",{}]"
                            : "[4,\"" + id + "\",\"" + (rnd.nextBoolean() ? "FormatViolation" : "GenericError") + "\",\"x\",{}]";
                    break;
            }
            int before = u.transport.sent.size();
            u.transport.inject(text);
            List<String> replies = new ArrayList<>();
            for (String s : u.transport.sent.subList(before, u.transport.sent.size())) {
                JsonNode n = JSON.readTree(s);
                if (n.get(0).asInt() != 2) {
                    replies.add(s);
                } else {
                    // a message the client sent on its own (e.g. triggered); answer it so nothing stays outstanding
                    u.answer(n.get(1).asText(), answerFor(n.get(2).asText()));
                }
            }
            check(shape, text, action, payload, replies);
            reconnectAfterAReset(u);
            if (shape == Shape.VALID) {
                lastCall = text;
            }
        }
        u.schemas.assertClean();
        for (Shape s : Shape.values()) {
            assertTrue(counts.getOrDefault(s, 0) > 0, "shape " + s + " exercised");
        }
        // No corrupted state: every key still holds a value its definition accepts, persisted and re-readable.
        Configuration reread = new Configuration(
                CoreKeys.of(1, 60, "Core,RemoteTrigger",
                        org.jevse.ocpp.config.StandardKeys.Cable.SOCKET), dir.resolve("config.json"));
        for (Configuration.Entry e : reread.all()) {
            ConfigKey k = reread.key(e.key());
            assertTrue(k.type() == ConfigKey.Type.STRING || k.normalize(e.value()) != null, e.toString());
            assertEquals(u.config.get(e.key()), e.value());
        }
        // ... and the client still works.
        int before = u.transport.sent.size();
        u.transport.inject("[2,\"final\",\"GetConfiguration\",{}]");
        JsonNode last = JSON.readTree(u.transport.sent.get(before));
        assertEquals(3, last.get(0).asInt());
        assertTrue(last.get(2).path("configurationKey").size() > 20);
    }

    /** A valid Reset restarts the client (OCPP 1.6 §5.14): let it reconnect and register again. */
    private static void reconnectAfterAReset(UnitChargePoint u) throws IOException {
        if (u.cp.registration() == org.jevse.ocpp.cp.Registration.ACCEPTED) {
            return;
        }
        u.sched.advance(120_000);
        u.transport.open();
        JsonNode boot = JSON.readTree(u.transport.last());
        assertEquals("BootNotification", boot.get(2).asText(), boot.toString());
        u.answer(boot.get(1).asText(), answerFor("BootNotification"));
    }

    private static String answerFor(String action) {
        switch (action) {
            case "Heartbeat":
                return "{\"currentTime\":\"2026-11-21T06:00:00Z\"}";
            case "BootNotification":
                return "{\"status\":\"Accepted\",\"currentTime\":\"2026-11-21T06:00:00Z\",\"interval\":300}";
            case "StartTransaction":
                return "{\"transactionId\":1,\"idTagInfo\":{\"status\":\"Accepted\"}}";
            default:
                return "{}";
        }
    }

    private void check(Shape shape, String text, String action, JsonNode payload, List<String> replies)
            throws IOException {
        JsonNode frame;
        try {
            frame = JSON.readTree(text);
        } catch (IOException e) {
            frame = null;
        }
        boolean isCall = frame != null && frame.isArray() && frame.size() >= 3 && frame.get(0).isInt()
                && frame.get(0).asInt() == 2 && frame.get(1).isTextual() && !frame.get(1).asText().isEmpty()
                && frame.get(1).asText().length() <= 36;
        if (!isCall) {
            java.util.regex.Matcher callStart = CALL_START.matcher(text);
            if (callStart.find()) {
                // it begins as a CALL with a readable id, the rest is broken: FormationViolation with that id
                assertEquals(1, replies.size(), text);
                assertEquals(callStart.group(1), JSON.readTree(replies.get(0)).get(1).asText());
                assertEquals(RpcErrorCode.FormationViolation.wire(), JSON.readTree(replies.get(0)).get(2).asText());
            } else {
                // not JSON, no readable id, a response, or another message type (OCPP-J 1.6 §4.1.3): ignored
                assertTrue(replies.isEmpty(), "ignored, never answered: " + abbreviate(text) + " -> " + replies);
            }
            return;
        }
        assertEquals(1, replies.size(), "exactly one answer to " + abbreviate(text));
        JsonNode reply = JSON.readTree(replies.get(0));
        assertEquals(frame.get(1).asText(), reply.get(1).asText());
        if (frame.size() != 4 || !frame.get(2).isTextual()) {
            assertEquals(4, reply.get(0).asInt());
            assertEquals("FormationViolation", reply.get(2).asText());
            return;
        }
        String act = frame.get(2).asText();
        JsonNode p = frame.get(3);
        if (!HANDLED.contains(act)) {
            assertEquals(4, reply.get(0).asInt(), abbreviate(text));
            assertEquals(Actions.isKnown(act) ? "NotSupported" : "NotImplemented", reply.get(2).asText());
            return;
        }
        Set<String> allowed = expectedCodes(act, p);
        if (allowed.isEmpty()) {
            // schema-valid: a CALLRESULT, except GetConfiguration over its key limit
            if (reply.get(0).asInt() == 4) {
                assertEquals("GetConfiguration", act, "unexpected CALLERROR " + reply + " for " + abbreviate(text));
                assertEquals("OccurenceConstraintViolation", reply.get(2).asText());
            } else {
                assertEquals(3, reply.get(0).asInt());
            }
        } else {
            assertEquals(4, reply.get(0).asInt(), "invalid payload accepted: " + abbreviate(text) + " -> " + reply);
            assertTrue(allowed.contains(reply.get(2).asText()), "code " + reply.get(2).asText() + " not in " + allowed
                    + " for " + abbreviate(text));
        }
    }

    private static boolean isFormationError(List<String> replies) {
        return replies.size() == 1 && replies.get(0).contains("FormationViolation");
    }

    /** The CALLERROR codes correct for a payload, from the schema's verdict; empty when it is valid. */
    private Set<String> expectedCodes(String action, JsonNode payload) {
        Set<String> codes = new HashSet<>();
        if (!payload.isObject()) {
            codes.add("FormationViolation");
            codes.add("TypeConstraintViolation");
            return codes;
        }
        for (String keyword : Schemas.keywords(action, payload)) {
            switch (keyword) {
                case "required":
                case "minItems":
                case "maxItems":
                    codes.add("OccurenceConstraintViolation");
                    break;
                case "additionalProperties":
                    codes.add("FormationViolation");
                    break;
                case "type":
                    codes.add("TypeConstraintViolation");
                    break;
                case "enum":
                case "maxLength":
                case "format":
                    codes.add("PropertyConstraintViolation");
                    break;
                default:
                    codes.add("?" + keyword);
            }
        }
        return codes;
    }

    // ------------------------------------------------------------------ generators

    private static String call(String id, String action, JsonNode payload) {
        ArrayNode a = F.arrayNode().add(2).add(id).add(action).add(payload);
        return a.toString();
    }

    private static String badJson(SplittableRandom rnd, int i) {
        String valid = "[2,\"b" + i + "\",\"Reset\",{\"type\":\"Soft\"}]";
        switch (rnd.nextInt(5)) {
            case 0:
                return valid.substring(0, rnd.nextInt(valid.length()));
            case 1: {
                byte[] b = new byte[rnd.nextInt(1, 64)];
                rnd.nextBytes(b);
                return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
            }
            case 2:
                return valid.replace(",", rnd.nextBoolean() ? ";" : ",,");
            case 3:
                return "[".repeat(rnd.nextInt(50, 5000));
            default:
                return valid + "]";
        }
    }

    private static String badFrame(SplittableRandom rnd, String id) {
        switch (rnd.nextInt(9)) {
            case 0:
                return "{}";
            case 1:
                return "[]";
            case 2:
                return "[2,\"" + id + "\",\"Reset\"]";
            case 3:
                return "[2," + rnd.nextInt() + ",\"Reset\",{}]";
            case 4:
                return "[7,\"" + id + "\",\"Reset\",{}]";
            case 5:
                return "[2,\"" + "x".repeat(37) + "\",\"Reset\",{}]";
            case 6:
                return "[2,\"" + id + "\",5,{}]";
            case 7:
                return "[2,\"" + id + "\",\"Reset\",{\"type\":\"Soft\"},1]";
            default:
                return "[\"2\",\"" + id + "\",\"Reset\",{}]";
        }
    }

    /** A payload valid under {@code schema} (the draft-04 subset the OCA schemas use). */
    private JsonNode generate(JsonNode schema, SplittableRandom rnd) {
        if (schema.has("enum")) {
            JsonNode e = schema.get("enum");
            return e.get(rnd.nextInt(e.size()));
        }
        switch (schema.path("type").asText()) {
            case "object": {
                ObjectNode o = F.objectNode();
                Set<String> req = new HashSet<>();
                schema.path("required").forEach(r -> req.add(r.asText()));
                for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> p = it.next();
                    if (req.contains(p.getKey()) || rnd.nextInt(3) == 0) {
                        o.set(p.getKey(), generate(p.getValue(), rnd));
                    }
                }
                return o;
            }
            case "array": {
                ArrayNode a = F.arrayNode();
                int n = Math.max(schema.path("minItems").asInt(0), rnd.nextInt(4));
                for (int i = 0; i < n; i++) {
                    a.add(generate(schema.get("items"), rnd));
                }
                return a;
            }
            case "integer":
                return F.numberNode(rnd.nextInt(4) == 0 ? rnd.nextInt() : rnd.nextInt(0, 3));
            case "number":
                return F.numberNode(rnd.nextInt(0, 1000) / 10.0);
            case "boolean":
                return F.booleanNode(rnd.nextBoolean());
            case "string":
            default: {
                if ("date-time".equals(schema.path("format").asText())) {
                    return F.textNode("2026-11-" + (10 + rnd.nextInt(18)) + "T0" + rnd.nextInt(10) + ":00:00Z");
                }
                int max = schema.path("maxLength").asInt(30);
                if (rnd.nextInt(4) == 0) {
                    return F.textNode(pickKey(rnd));
                }
                return F.textNode(randomString(rnd, rnd.nextInt(0, Math.min(max, 24) + 1)));
            }
        }
    }

    private static String pickKey(SplittableRandom rnd) {
        String[] keys = {"HeartbeatInterval", "MeterValueSampleInterval", "NumberOfConnectors", "WebSocketPingInterval",
            "MeterValuesSampledData", "SecurityProfile", "LocalPreAuthorize", "TransactionMessageAttempts", "x"};
        return keys[rnd.nextInt(keys.length)];
    }

    private static String randomString(SplittableRandom rnd, int n) {
        StringBuilder b = new StringBuilder();
        String alphabet = "abcXYZ019 _-.,\"\\\u00e9\u20ac\ud83d\ude00";
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(rnd.nextInt(alphabet.length() - 2)));
        }
        return b.toString();
    }

    /** One defect in an otherwise valid payload. */
    private JsonNode mutate(JsonNode payload, JsonNode schema, SplittableRandom rnd) {
        ObjectNode o = ((ObjectNode) payload).deepCopy();
        List<String> props = new ArrayList<>();
        schema.path("properties").fieldNames().forEachRemaining(props::add);
        switch (rnd.nextInt(7)) {
            case 0:
                o.put("unexpected" + rnd.nextInt(5), 1);
                return o;
            case 1:
                if (schema.path("required").size() > 0) {
                    o.remove(schema.path("required").get(rnd.nextInt(schema.path("required").size())).asText());
                }
                return o;
            case 2:
                if (!props.isEmpty()) {
                    o.putNull(props.get(rnd.nextInt(props.size())));
                }
                return o;
            case 3:
                if (!props.isEmpty()) {
                    String p = props.get(rnd.nextInt(props.size()));
                    o.set(p, wrongType(schema.path("properties").path(p), rnd));
                }
                return o;
            case 4:
                for (String p : props) {
                    if (schema.path("properties").path(p).has("enum")) {
                        o.put(p, "NotAValue");
                    }
                }
                return o;
            case 5:
                for (String p : props) {
                    JsonNode ps = schema.path("properties").path(p);
                    if (ps.has("maxLength")) {
                        o.put(p, "y".repeat(ps.get("maxLength").asInt() + 1 + rnd.nextInt(10)));
                    }
                }
                return o;
            default:
                return rnd.nextBoolean() ? F.arrayNode().add(1) : F.textNode("payload");
        }
    }

    private static JsonNode wrongType(JsonNode propSchema, SplittableRandom rnd) {
        String t = propSchema.path("type").asText();
        JsonNode[] options = {F.numberNode(1.5), F.textNode("7"), F.booleanNode(true), F.objectNode(),
            F.arrayNode(), F.numberNode(12)};
        while (true) {
            JsonNode c = options[rnd.nextInt(options.length)];
            boolean same = (t.equals("string") && c.isTextual()) || (t.equals("integer") && c.isIntegralNumber())
                    || (t.equals("number") && c.isNumber()) || (t.equals("boolean") && c.isBoolean())
                    || (t.equals("object") && c.isObject()) || (t.equals("array") && c.isArray());
            if (!same) {
                return c;
            }
        }
    }

    private static JsonNode huge(JsonNode payload, SplittableRandom rnd) {
        ObjectNode o = ((ObjectNode) payload).deepCopy();
        String big = "z".repeat(rnd.nextInt(1_000, 100_000));
        Iterator<String> names = o.fieldNames();
        if (names.hasNext() && rnd.nextBoolean()) {
            o.put(names.next(), big);
        } else {
            o.put("huge", big);
        }
        return o;
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...(" + s.length() + " chars)";
    }
}
