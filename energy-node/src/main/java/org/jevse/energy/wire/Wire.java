package org.jevse.energy.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;

/**
 * The energy tree's JSON contract (docs/energy-tree.md): strict reading, so that a payload with a missing or
 * unknown field, a wrong type or a wrong version is rejected as a whole rather than half-understood.
 */
public final class Wire {

    /** The contract version in every message's {@code v}. A leaf or parent ignores any other version. */
    public static final int VERSION = 1;

    static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                    DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                    DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES,
                    DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
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
        JsonNode n = tree(payload);
        if (n.isObject()) {
            if (n.size() != 1 || !n.has("current")) {
                throw new BadPayload("expected {\"current\": mA} or a number");
            }
            n = n.get("current");
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new BadPayload("current must be a whole number of mA, got " + abbreviate(n.toString()));
        }
        if (n.longValue() < 0) {
            throw new BadPayload("current must not be negative");
        }
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
            String msg = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new BadPayload(abbreviate(msg == null ? e.toString() : msg.lines().findFirst().orElse("")));
        }
    }

    private static JsonNode tree(byte[] payload) throws BadPayload {
        if (payload == null || payload.length == 0) {
            throw new BadPayload("empty payload");
        }
        try {
            JsonNode n = JSON.readTree(payload);
            if (n == null || n.isMissingNode()) {
                throw new BadPayload("empty payload");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new BadPayload("not JSON: " + abbreviate(new String(payload, StandardCharsets.UTF_8)));
        } catch (java.io.IOException e) {
            throw new BadPayload("unreadable: " + e.getMessage());
        }
    }

    static String abbreviate(String s) {
        String one = s.replaceAll("[\\r\\n\\t]", " ");
        return one.length() > 80 ? one.substring(0, 77) + "..." : one;
    }

    static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException(what);
        }
    }

    static void phases3(int[] a, String name) {
        require(a != null && a.length == 3, name + " needs three values (L1, L2, L3)");
    }
}
