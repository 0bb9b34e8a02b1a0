package org.jevse.ocpp.rpc;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import org.jevse.ocpp.v16.Check;

/**
 * The one JSON mapper of the client: strict on input (no unknown properties, no nulls, no type coercion) and
 * without nulls on output. {@link #parse} turns every way a payload can be wrong into the CALLERROR code for it.
 *
 * <p>Mapping (OCPP-J 1.6 §4.2.3): unknown property and non-object payload → FormationViolation; missing required
 * property or too few/many items → OccurenceConstraintViolation; wrong JSON type or null →
 * TypeConstraintViolation; a value outside an enumeration (compared exactly, see {@link ExactEnums}), too long,
 * not a date-time or not a URI → PropertyConstraintViolation.
 */
public final class OcppJson {
    /**
     * Longest frame text parsed; longer frames are ignored without parsing. The transport bounds messages first
     * (ocpp.max_message_bytes, at most 1 MiB), so this only guards other transports.
     */
    public static final int MAX_FRAME_CHARS = 1024 * 1024;

    private static final ObjectMapper MAPPER = build();

    private OcppJson() {
    }

    private static ObjectMapper build() {
        JsonMapper m = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL,
                        JsonInclude.Include.NON_NULL))
                .addModule(new SimpleModule("exact-enums").setDeserializerModifier(new ExactEnums()))
                .build();
        m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(64).maxStringLength(MAX_FRAME_CHARS).maxNumberLength(64).build());
        for (LogicalType t : new LogicalType[] {LogicalType.Textual, LogicalType.Integer, LogicalType.Float,
                LogicalType.Boolean}) {
            var cfg = m.coercionConfigFor(t);
            for (CoercionInputShape s : CoercionInputShape.values()) {
                cfg.setCoercion(s, CoercionAction.Fail);
            }
        }
        // Integers are valid JSON numbers for a decimal field.
        m.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.Integer, CoercionAction.TryConvert);
        return m;
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Parses a frame's text into a tree; bad JSON is a FormationViolation. */
    public static JsonNode readTree(String text) throws RpcException {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new RpcException(RpcErrorCode.FormationViolation, "not JSON: " + firstLine(e.getMessage()));
        }
    }

    /**
     * The message id of a frame that begins as a CALL ({@code [2, "id"}, an id of 1 to 36 characters), read
     * token by token so that it is found even when the rest of the frame is broken; null otherwise.
     */
    static String callId(String text) {
        try (JsonParser p = MAPPER.getFactory().createParser(text)) {
            if (p.nextToken() != JsonToken.START_ARRAY || p.nextToken() != JsonToken.VALUE_NUMBER_INT
                    || p.getNumberType() != JsonParser.NumberType.INT || p.getIntValue() != Frame.CALL
                    || p.nextToken() != JsonToken.VALUE_STRING) {
                return null;
            }
            String id = p.getText();
            return Frame.validId(id) ? id : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    public static JsonNode toTree(Object value) {
        return MAPPER.valueToTree(value);
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a payload into its record, strictly; any defect becomes the RpcException with the right code. */
    public static <T> T parse(JsonNode payload, Class<T> type) throws RpcException {
        if (payload == null || !payload.isObject()) {
            throw new RpcException(RpcErrorCode.FormationViolation, "payload is not a JSON object");
        }
        String nullAt = findNull(payload, "");
        if (nullAt != null) {
            // No OCPP 1.6 schema allows null anywhere.
            throw new RpcException(RpcErrorCode.TypeConstraintViolation, "null is not allowed: " + nullAt);
        }
        try {
            return MAPPER.treeToValue(payload, type);
        } catch (UnrecognizedPropertyException e) {
            throw new RpcException(RpcErrorCode.FormationViolation, "unknown property '" + e.getPropertyName() + "'");
        } catch (InvalidNullException e) {
            throw new RpcException(RpcErrorCode.TypeConstraintViolation, "null is not allowed: " + path(e));
        } catch (InvalidFormatException e) {
            if (e.getTargetType() != null && e.getTargetType().isEnum() && e.getValue() instanceof String) {
                throw new RpcException(RpcErrorCode.PropertyConstraintViolation, "value not allowed: " + path(e));
            }
            throw new RpcException(RpcErrorCode.TypeConstraintViolation, "wrong type: " + path(e));
        } catch (ValueInstantiationException e) {
            Throwable c = e.getCause();
            if (c instanceof Check.ConstraintException ce) {
                throw new RpcException(ce.occurrence() ? RpcErrorCode.OccurenceConstraintViolation
                        : RpcErrorCode.PropertyConstraintViolation, ce.getMessage());
            }
            throw new RpcException(RpcErrorCode.FormationViolation, firstLine(e.getOriginalMessage()));
        } catch (MismatchedInputException e) {
            String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
            if (m.startsWith("Missing required creator property")) {
                throw new RpcException(RpcErrorCode.OccurenceConstraintViolation, firstLine(m));
            }
            throw new RpcException(RpcErrorCode.TypeConstraintViolation, "wrong type: " + path(e));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new RpcException(RpcErrorCode.FormationViolation, firstLine(e.getMessage()));
        }
    }

    private static String findNull(JsonNode n, String at) {
        if (n.isNull()) {
            return at.isEmpty() ? "payload" : at;
        }
        if (n.isObject()) {
            for (var e : n.properties()) {
                String r = findNull(e.getValue(), at.isEmpty() ? e.getKey() : at + "." + e.getKey());
                if (r != null) {
                    return r;
                }
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                String r = findNull(n.get(i), at + "[" + i + "]");
                if (r != null) {
                    return r;
                }
            }
        }
        return null;
    }

    private static String path(MismatchedInputException e) {
        StringBuilder b = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                b.append(b.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else {
                b.append('[').append(ref.getIndex()).append(']');
            }
        }
        return b.length() == 0 ? "payload" : b.toString();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String l = nl < 0 ? s : s.substring(0, nl);
        return l.length() <= 200 ? l : l.substring(0, 200);
    }
}
