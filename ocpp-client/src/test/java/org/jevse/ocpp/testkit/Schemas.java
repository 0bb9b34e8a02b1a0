package org.jevse.ocpp.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jevse.ocpp.cp.ChargePoint;

/**
 * Validates every frame the charge point sends against the OCA OCPP 1.6J schemas in ../shared/ocpp/v16/schemas
 * (networknt json-schema-validator, draft-04). A CALL is checked against {@code Action.json}, a CALLRESULT against
 * the response schema of the CALL it answers, a CALLERROR for its code. Install it as a frame tap and call
 * {@link #assertClean()} at the end of the test.
 */
public final class Schemas {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ERROR_CODES = Set.of("NotImplemented", "NotSupported", "InternalError",
            "ProtocolError", "SecurityError", "FormationViolation", "PropertyConstraintViolation",
            "OccurenceConstraintViolation", "TypeConstraintViolation", "GenericError");
    private static final Map<String, Schema> CACHE = new ConcurrentHashMap<>();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);

    private final Map<String, String> incomingActions = new ConcurrentHashMap<>();
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private volatile int checked;

    /** The schema directory: -Djevse.ocpp.schemas, or ../../shared/ocpp/v16/schemas from the module. */
    public static Path dir() {
        String p = System.getProperty("jevse.ocpp.schemas");
        Path d = p != null ? Path.of(p) : Path.of("..", "..", "shared", "ocpp", "v16", "schemas");
        if (!Files.isDirectory(d)) {
            d = Path.of("..", "shared", "ocpp", "v16", "schemas");
        }
        if (!Files.isDirectory(d)) {
            throw new IllegalStateException("OCA schemas not found at " + d.toAbsolutePath()
                    + " (set -Djevse.ocpp.schemas=DIR)");
        }
        return d;
    }

    static Schema schema(String file) {
        return CACHE.computeIfAbsent(file, f -> {
            try {
                return REGISTRY.getSchema(Files.readString(dir().resolve(f)));
            } catch (IOException e) {
                throw new IllegalStateException("no schema " + f, e);
            }
        });
    }

    /** Errors of {@code payload} against {@code Action.json} (request) or {@code ActionResponse.json}. */
    public static List<String> validate(String action, boolean response, JsonNode payload) {
        String file = action + (response ? "Response" : "") + ".json";
        if (!Files.exists(dir().resolve(file))) {
            return List.of("no schema for " + file);
        }
        List<String> out = new ArrayList<>();
        for (Error e : schema(file).validate(payload.toString(), InputFormat.JSON)) {
            out.add(file + ": " + e.toString());
        }
        return out;
    }

    /** The JSON-schema keywords {@code payload} violates (empty when valid). */
    public static List<String> keywords(String action, JsonNode payload) {
        List<String> out = new ArrayList<>();
        for (Error e : schema(action + ".json").validate(payload.toString(), InputFormat.JSON)) {
            out.add(e.getKeyword());
        }
        return out;
    }

    /** Use as {@code cp.addFrameTap(schemas::tap)}. */
    public void tap(org.jevse.ocpp.session.RpcSession.Direction dir, String text) {
        JsonNode n;
        try {
            n = JSON.readTree(text);
        } catch (IOException e) {
            if (dir == org.jevse.ocpp.session.RpcSession.Direction.SENT) {
                violations.add("sent non-JSON: " + text);
            }
            return;
        }
        if (dir == org.jevse.ocpp.session.RpcSession.Direction.RECEIVED) {
            if (n.isArray() && n.size() == 4 && n.get(0).asInt() == 2 && n.get(1).isTextual() && n.get(2).isTextual()) {
                incomingActions.put(n.get(1).asText(), n.get(2).asText());
            }
            return;
        }
        checked++;
        if (!n.isArray() || n.size() < 3 || !n.get(1).isTextual() || n.get(1).asText().length() > 36) {
            violations.add("sent a malformed frame: " + text);
            return;
        }
        switch (n.get(0).asInt()) {
            case 2:
                if (n.size() != 4) {
                    violations.add("CALL with " + n.size() + " elements: " + text);
                } else {
                    violations.addAll(validate(n.get(2).asText(), false, n.get(3)));
                }
                break;
            case 3: {
                String action = incomingActions.remove(n.get(1).asText());
                if (action == null) {
                    violations.add("CALLRESULT for no CALL: " + text);
                } else {
                    violations.addAll(validate(action, true, n.get(2)));
                }
                break;
            }
            case 4:
                incomingActions.remove(n.get(1).asText());
                if (n.size() != 5 || !ERROR_CODES.contains(n.get(2).asText()) || !n.get(3).isTextual()
                        || !n.get(4).isObject()) {
                    violations.add("bad CALLERROR: " + text);
                }
                break;
            default:
                violations.add("unknown message type: " + text);
        }
    }

    public int checked() {
        return checked;
    }

    public List<String> violations() {
        return List.copyOf(violations);
    }

    public void assertClean() {
        if (!violations.isEmpty()) {
            throw new AssertionError(violations.size() + " schema violation(s) in sent frames:\n"
                    + String.join("\n", violations.subList(0, Math.min(20, violations.size()))));
        }
    }
}
