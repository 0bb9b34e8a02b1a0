package org.jevse.evse.app.plugin;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A plugin's read-only part of the charger's status (the HTTP status, the MQTT status, the web page): the energy
 * leaf's grant, the OCPP connection. Immutable, so that a plugin may build it from its own state on whatever thread
 * asks and the reader never sees a half-updated part.
 *
 * @param name   the key it is shown under ("energy_leaf", "ocpp")
 * @param fields field name to value, in order: a String, Number, Boolean, null or a nested map of such values
 * @param text   one line for people, e.g. "OCPP: connected, Accepted"
 */
public record StatusPart(String name, Map<String, Object> fields, String text) {
    public StatusPart {
        fields = copy(fields);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Map<String, ?> m) {
        Map<String, Object> c = new LinkedHashMap<>();
        m.forEach((k, v) -> c.put(k, v instanceof Map<?, ?> nested ? copy((Map<String, ?>) nested) : v));
        return Collections.unmodifiableMap(c);
    }
}
