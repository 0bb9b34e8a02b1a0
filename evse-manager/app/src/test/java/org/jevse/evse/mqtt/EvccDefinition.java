package org.jevse.evse.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The evcc charger definition of docs/evcc.md (the YAML block with {@code type: custom}), read as evcc reads it:
 * each attribute's mqtt plugin (topic, payload template).
 */
final class EvccDefinition {

    /** Relative to the evse-manager/app module, surefire's working directory. */
    static final Path DOC = Path.of("..", "..", "docs", "evcc.md");

    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);
    /** evcc's payload template: ${name} or ${name:FORMAT} (Go's fmt verbs; %d and %.Nf are Java's too). */
    private static final Pattern PARAM = Pattern.compile("\\$\\{(\\w+)(?::([^}]+))?}");

    final JsonNode charger;

    EvccDefinition() throws IOException {
        String md = Files.readString(DOC);
        Matcher m = YAML_BLOCK.matcher(md);
        JsonNode found = null;
        while (m.find()) {
            JsonNode doc = new YAMLMapper().readTree(m.group(1));
            if (doc != null && doc.path("chargers").path(0).path("type").asText().equals("custom")) {
                found = doc.path("chargers").path(0);
            }
        }
        if (found == null) {
            throw new AssertionError("docs/evcc.md has no yaml block with a custom charger");
        }
        charger = found;
    }

    /** The attribute's plugin; fails if it is not evcc's mqtt source. */
    JsonNode plugin(String attribute) {
        JsonNode p = charger.path(attribute);
        if (!p.path("source").asText().equals("mqtt")) {
            throw new AssertionError(attribute + " is not an mqtt plugin: " + p);
        }
        return p;
    }

    String topic(String attribute) {
        return plugin(attribute).path("topic").asText();
    }

    /** The payload evcc publishes for {@code value}: the template with its parameter formatted as evcc formats it. */
    String payload(String attribute, Object value) {
        String template = plugin(attribute).path("payload").asText();
        Matcher m = PARAM.matcher(template);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String formatted = m.group(2) == null ? String.valueOf(value) : String.format(Locale.ROOT, m.group(2), value);
            m.appendReplacement(b, Matcher.quoteReplacement(formatted));
        }
        m.appendTail(b);
        return b.toString();
    }

    /** Go's strconv.ParseBool, which evcc's mqtt plugin uses for a bool. */
    static boolean parseBool(String s) {
        return switch (s) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw new AssertionError("evcc cannot read \"" + s + "\" as a bool");
        };
    }
}
