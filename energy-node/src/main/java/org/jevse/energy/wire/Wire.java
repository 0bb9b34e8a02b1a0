package org.jevse.energy.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The energy tree's JSON contract (docs/energy-tree.md): strict reading, so that a payload with a missing or
 * unknown field, a wrong type, a value out of its range ({@link Ranges}) or a wrong version is rejected as a whole
 * rather than half-understood. Reading is bounded: a payload above {@link #MAX_PAYLOAD_BYTES} is rejected before it
 * is parsed, so no message can make the reader hold more than a few times that.
 */
public final class Wire {

    /** The contract version in every message's {@code v}. A leaf or parent ignores any other version. */
    public static final int VERSION = 1;

    /**
     * The largest payload of a message jevse reads. The contract's largest, a status with every field at its
     * longest, is under 1 KiB (WireTest measures it); 16 KiB leaves room and bounds what a parsed tree can cost.
     */
    public static final int MAX_PAYLOAD_BYTES = 16 * 1024;

    /**
     * Jackson's own limits, far below its defaults: the contract nests three levels and has short values. (The
     * document length is checked before parsing, against {@link #MAX_PAYLOAD_BYTES}.)
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(16)
                    .maxStringLength(MAX_PAYLOAD_BYTES)
                    .maxNumberLength(64)
                    .build())
            .build();

    static final ObjectMapper JSON = JsonMapper.builder(FACTORY)
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                    DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                    DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES,
                    DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS) // "3" is not a number, "true" not a boolean
            .build();

    private Wire() {
    }

    public static byte[] encode(Object message) {
        try {
            return JSON.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + message, e);
        }
    }

    public static LeafStatus decodeStatus(byte[] payload) throws BadPayload {
        return decode(payload, LeafStatus.class);
    }

    public static LeafAllocation decodeAllocation(byte[] payload) throws BadPayload {
        return decode(payload, LeafAllocation.class);
    }

    /**
     * WARP's available_current_update: {@code {"current": mA}} or a bare number of mA.
     *
     * @return the current in mA (not yet clamped)
     */
    public static long decodeAvailableCurrent(byte[] payload) throws BadPayload {
        try {
            return availableCurrent(tree(payload));
        } catch (Ranges.OutOfRange e) {
            throw new BadPayload(e.getMessage());
        }
    }

    private static long availableCurrent(JsonNode n) throws BadPayload {
        if (n.isObject()) {
            if (n.size() != 1 || !n.has("current")) {
                throw new BadPayload("expected {\"current\": mA} or a number");
            }
            n = n.get("current");
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new BadPayload("current is " + abbreviate(n.toString()) + "; allowed: a whole number of mA from 0");
        }
        Ranges.whole("current", n.longValue(), 0, Long.MAX_VALUE,
                "a whole number of mA from 0 (above maximum_available_current it is clamped)");
        return n.longValue();
    }

    private static <T> T decode(byte[] payload, Class<T> type) throws BadPayload {
        JsonNode n = tree(payload);
        if (!n.isObject()) {
            throw new BadPayload("not a JSON object");
        }
        JsonNode v = n.get("v");
        if (v == null || !v.isInt() || v.intValue() != VERSION) {
            throw new BadPayload("version " + (v == null ? "missing" : abbreviate(v.toString())) + ", expected "
                    + VERSION);
        }
        try {
            return JSON.treeToValue(n, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new BadPayload(reason(e));
        }
    }

    /**
     * One line that names the field: the field and range of an {@link Ranges.OutOfRange} anywhere in the chain, or
     * the JSON path of Jackson's complaint (a missing or unknown field, a wrong type) with its first words.
     */
    private static String reason(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Ranges.OutOfRange r) {
                return r.getMessage();
            }
        }
        String msg = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        msg = msg == null ? e.toString() : msg.lines().findFirst().orElse("");
        if (!(e instanceof JsonMappingException m)) {
            return abbreviate(msg);
        }
        String at = path(m.getPath());
        if (e instanceof UnrecognizedPropertyException) {
            return abbreviate(at + " is not a field of this message");
        }
        Matcher missing = MISSING.matcher(msg);
        if (missing.find()) {
            // Jackson's path already ends with the missing field.
            return abbreviate((at.endsWith(missing.group(1)) ? at : missing.group(1)) + " is missing");
        }
        return abbreviate((at.isEmpty() ? "" : at + ": ") + msg);
    }

    private static final Pattern MISSING = Pattern.compile("Missing creator property '([^']+)'");

    /** A JSON path as the contract writes it: {@code applied.seq}, {@code measured_ma[0]}. */
    private static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    private static JsonNode tree(byte[] payload) throws BadPayload {
        if (payload == null || payload.length == 0) {
            throw new BadPayload("empty payload");
        }
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new BadPayload("payload of " + payload.length + " bytes; allowed: at most " + MAX_PAYLOAD_BYTES
                    + " bytes");
        }
        try {
            JsonNode n = JSON.readTree(payload);
            if (n == null || n.isMissingNode()) {
                throw new BadPayload("empty payload");
            }
            return n;
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            throw new BadPayload(abbreviate(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw new BadPayload("not JSON: " + abbreviate(new String(payload, 0, Math.min(payload.length, 100),
                    StandardCharsets.UTF_8)));
        } catch (java.io.IOException e) {
            throw new BadPayload("unreadable: " + e.getMessage());
        }
    }

    static String abbreviate(String s) {
        String one = s.replaceAll("[\\p{Cntrl}]", " ");
        return one.length() > 80 ? one.substring(0, 77) + "..." : one;
    }
}
