package org.jevse.ocpp.rpc;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Enumerations are read only from exactly one of their wire values. Jackson's own enum reader trims the text
 * first (so {@code "Soft\u0000"}, {@code " Soft"} and {@code "Soft\t"} would read as Soft) and may take a digit
 * string as an index; OCPP-J 1.6 §4.2.3 makes any value outside the enumeration a PropertyConstraintViolation,
 * which {@link OcppJson#parse} reports for the {@code InvalidFormatException} thrown here.
 */
final class ExactEnums extends BeanDeserializerModifier {

    @Override
    public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
                                                      BeanDescription beanDesc, JsonDeserializer<?> deserializer) {
        return new Exact(type.getRawClass());
    }

    private static final class Exact extends StdScalarDeserializer<Object> {
        private final Map<String, Object> byWireValue = new LinkedHashMap<>();

        Exact(Class<?> type) {
            super(type);
            for (Object constant : type.getEnumConstants()) {
                String name = ((Enum<?>) constant).name();
                JsonProperty p;
                try {
                    p = type.getField(name).getAnnotation(JsonProperty.class);
                } catch (NoSuchFieldException e) {
                    throw new IllegalStateException(e);
                }
                byWireValue.put(p != null && !p.value().isEmpty() ? p.value() : name, constant);
            }
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                return ctxt.handleUnexpectedToken(handledType(), p);
            }
            String text = p.getText();
            Object value = byWireValue.get(text);
            if (value == null) {
                throw ctxt.weirdStringException(text, handledType(), "not one of " + byWireValue.keySet());
            }
            return value;
        }
    }
}
