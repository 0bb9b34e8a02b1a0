package org.jevse.evse.app.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.jevse.board.port.PowermeterValues;
import org.jevse.evse.app.control.ControlClaims;
import org.jevse.evse.app.plugin.StatusPart;
import org.jevse.evse.core.ActiveError;
import org.jevse.evse.core.Limit;
import org.jevse.evse.core.PauseReason;
import org.jevse.evse.core.Status;
import org.jevse.http.Json;

/**
 * The {@code GET /api/v1/status} object (docs/api.md): the core's status, every limit, the claims, the meter and the
 * plugins' parts (the energy leaf, OCPP).
 */
final class StatusJson {
    private StatusJson() {
    }

    /** Everything the status object is made of: equal inputs give the same JSON (all records, compared by value). */
    record Input(Status status, List<Limit> limits, List<ControlClaims.Claim> claims, PowermeterValues meter,
                 List<StatusPart> parts) {
    }

    /** The status without the fields the JSON leaves out and that change on every step (the time). */
    static Status untimed(Status s) {
        return new Status(0, s.state(), s.pauseReasons(), s.cp(), s.pilot(), s.dutyPercent(), s.offeredA(),
                s.contactorOn(), s.binding(), s.errors(), s.fatalError(), s.sessionId(), s.sessionEnergyWh(),
                s.meterEnergyWh(), s.drawnA(), s.phases(), 0);
    }

    static ObjectNode of(Input in) {
        return of(in.status(), in.limits(), in.claims(), in.meter(), in.parts());
    }

    static ObjectNode of(Status s, List<Limit> limits, List<ControlClaims.Claim> claims, PowermeterValues meter,
                         List<StatusPart> parts) {
        ObjectNode n = Json.object();
        n.put("state", s.state().name());
        ArrayNode reasons = n.putArray("pause_reasons");
        for (PauseReason r : s.pauseReasons()) {
            reasons.add(r.name());
        }
        // Before the charger's first step (the API listens from attach on) the CP and the pilot are not known yet.
        n.put("cp", s.cp() == null ? null : s.cp().name());
        ObjectNode pilot = n.putObject("pilot");
        pilot.put("mode", s.pilot() == null ? null : s.pilot().name());
        pilot.put("duty_percent", s.dutyPercent());
        pilot.put("offered_A", s.offeredA());
        n.put("contactor", s.contactorOn());
        n.put("phases", s.phases());
        n.put("drawn_A", s.drawnA());
        ObjectNode binding = n.putObject("limit");
        if (s.binding() != null) {
            binding.put("current_A", s.binding().amps());
            binding.put("source", s.binding().source().label());
            binding.put("text", s.binding().describe());
        }
        ArrayNode all = n.putArray("limits");
        for (Limit l : limits) {
            all.addObject().put("source", l.source().label()).put("current_A", l.amps());
        }
        n.set("claims", claimList(claims));
        ObjectNode m = n.putObject("meter");
        if (meter != null) {
            ArrayNode a = m.putArray("current_A");
            a.add(meter.currentA().l1()).add(meter.currentA().l2()).add(meter.currentA().l3());
            m.put("power_W", meter.powerW());
        }
        m.put("energy_Wh", s.meterEnergyWh());
        if (s.sessionId() != null) {
            n.putObject("session").put("id", s.sessionId())
                    .put("energy_Wh", Math.round(s.sessionEnergyWh() * 10) / 10.0);
        } else {
            n.putNull("session");
        }
        ArrayNode errors = n.putArray("errors");
        for (ActiveError e : s.errors()) {
            errors.addObject().put("code", e.code().name()).put("type", e.code().type())
                    .put("severity", e.code().severity().name()).put("fatal", e.fatal()).put("detail", e.detail());
        }
        n.put("fatal_error", s.fatalError());
        for (StatusPart p : parts) {
            if (n.has(p.name())) {
                throw new IllegalStateException("the status part " + p.name() + " would hide a field of the status");
            }
            n.set(p.name(), part(p));
        }
        return n;
    }

    /** A plugin's part: its fields and its line for people as "text". */
    static ObjectNode part(StatusPart p) {
        ObjectNode o = Json.MAPPER.valueToTree(p.fields());
        o.put("text", p.text());
        return o;
    }

    /** {@code {"claims": [...]}}: the answer of a control request. */
    static ObjectNode claims(List<ControlClaims.Claim> claims) {
        ObjectNode n = Json.object();
        n.set("claims", claimList(claims));
        return n;
    }

    private static ArrayNode claimList(List<ControlClaims.Claim> claims) {
        ArrayNode cl = Json.MAPPER.createArrayNode();
        for (ControlClaims.Claim c : claims) {
            ObjectNode o = cl.addObject().put("source", c.source()).put("claim", c.kind().key());
            switch (c.kind()) {
                case CURRENT_LIMIT -> o.put("value", c.value());
                case PHASES -> o.put("value", (int) c.value());
                default -> o.put("value", true);
            }
            o.put("since", Instant.ofEpochMilli(c.sinceWallMs()).toString());
        }
        return cl;
    }
}
