package org.jevse.evse.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jevse.evse.app.control.ControlClaims;
import org.jevse.evse.app.plugin.ChargerAccess;
import org.jevse.evse.core.ControlEvent;
import org.jevse.evse.core.StopReason;
import org.jevse.http.HttpError;
import org.jevse.http.Request;
import org.jevse.http.Response;

/**
 * {@code POST /api/v1/control}: {@code enable}, {@code pause}, {@code current_limit} and {@code phases} are claims of
 * the source {@code http} ({@link ControlClaims}; null releases a limit or a phase claim); {@code stop} ends the
 * running transaction (reason Remote). The types of the whole body are checked before anything is applied; then the
 * fields apply in the order current_limit, phases, enable, pause, stop, and a value the charger refuses (a limit out of
 * range: 400; a pause or stop without a session: 409) stops there, naming the field.
 */
final class ControlEndpoint {
    static final String SOURCE = "http";
    private static final List<String> FIELDS = List.of("enable", "pause", "current_limit", "phases", "stop");

    private final ControlClaims claims;
    private final ChargerAccess charger;
    private final java.util.function.Supplier<org.jevse.evse.core.Status> status;

    ControlEndpoint(ControlClaims claims, ChargerAccess charger, java.util.function.Supplier<org.jevse.evse.core.Status> status) {
        this.claims = claims;
        this.charger = charger;
        this.status = status;
    }

    Response handle(Request r) {
        JsonNode body = r.json();
        if (!body.isObject() || body.isEmpty()) {
            throw HttpError.badRequest("body: expected a JSON object with at least one of " + String.join(", ", FIELDS));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode v = f.getValue();
            switch (f.getKey()) {
                case "enable", "pause" -> require(v.isBoolean(), f.getKey(), "true or false");
                case "stop" -> require(v.isBoolean() && v.asBoolean(), "stop", "true");
                case "current_limit" -> require(v.isNull() || v.isNumber(), "current_limit",
                        "a number of A (0, or 6 to " + claims.maxCurrentA() + "), or null to release");
                case "phases" -> require(v.isNull() || v.isInt(), "phases", claims.allowedPhases() + ", or null to release");
                default -> throw HttpError.badRequest("body: unknown field '" + f.getKey() + "' (allowed: "
                        + String.join(", ", FIELDS) + ")");
            }
        }
        try {
            if (body.has("current_limit")) {
                JsonNode v = body.get("current_limit");
                claims.limitCurrent(SOURCE, v.isNull() ? null : v.asDouble());
            }
            if (body.has("phases")) {
                JsonNode v = body.get("phases");
                claims.phases(SOURCE, v.isNull() ? null : v.asInt());
            }
            if (body.has("enable")) {
                claims.enable(SOURCE, body.get("enable").asBoolean());
            }
            if (body.has("pause")) {
                claims.pause(SOURCE, body.get("pause").asBoolean());
            }
        } catch (ControlClaims.ClaimRefused e) {
            throw new HttpError(e.getMessage().startsWith("pause:") ? 409 : 400, e.getMessage());
        }
        if (body.has("stop")) {
            if (status.get().sessionId() == null) {
                throw new HttpError(409, "stop: no session is running");
            }
            charger.control(new ControlEvent.StopTransaction(StopReason.Remote));
        }
        return Response.json(StatusJson.claims(claims.active()));
    }

    private static void require(boolean ok, String field, String allowed) {
        if (!ok) {
            throw HttpError.badRequest(field + ": not allowed (expected " + allowed + ")");
        }
    }
}
