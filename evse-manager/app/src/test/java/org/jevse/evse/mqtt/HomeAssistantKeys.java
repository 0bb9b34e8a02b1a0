package org.jevse.evse.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The keys Home Assistant documents for MQTT discovery (test resource home-assistant-mqtt-keys.txt). */
final class HomeAssistantKeys {

    private final Map<String, List<String>> lines = new HashMap<>();

    HomeAssistantKeys() throws IOException {
        try (InputStream in = HomeAssistantKeys.class.getResourceAsStream("/home-assistant-mqtt-keys.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int colon = line.indexOf(':');
                lines.put(line.substring(0, colon).trim(), Arrays.asList(line.substring(colon + 1).trim().split("\\s+")));
            }
        }
    }

    /** Every documented key of {@code what} (a component, availability, device, origin). */
    Set<String> keys(String what) {
        return lines.get(what).stream().map(k -> k.replace("!", "")).collect(Collectors.toSet());
    }

    /** The required keys of {@code what}. */
    Set<String> required(String what) {
        return lines.get(what).stream().filter(k -> k.endsWith("!")).map(k -> k.replace("!", ""))
                .collect(Collectors.toSet());
    }

    /** A line of values, e.g. state_classes. */
    List<String> values(String what) {
        return lines.get(what);
    }
}
