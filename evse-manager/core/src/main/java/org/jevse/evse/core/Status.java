package org.jevse.evse.core;

import java.util.List;
import java.util.Set;
import org.jevse.board.port.CpState;
import org.jevse.board.port.PilotMode;

/**
 * A snapshot of the core for status lines, APIs and the safety invariants.
 *
 * @param binding       the lowest active limit now (what the offered current may not exceed)
 * @param c1SinceMs     when the PWM stopped while the contactor was closed, or -1
 */
public record Status(
        long nowMs,
        EvseState state,
        Set<PauseReason> pauseReasons,
        CpState cp,
        PilotMode pilot,
        double dutyPercent,
        double offeredA,
        boolean contactorOn,
        Limit binding,
        List<ActiveError> errors,
        boolean fatalError,
        String sessionId,
        double sessionEnergyWh,
        double meterEnergyWh,
        double drawnA,
        int phases,
        long c1SinceMs) {

    /** One line for a terminal: state, current offered and drawn, energy and the binding limit. */
    public String line() {
        StringBuilder b = new StringBuilder();
        b.append(state);
        if (!pauseReasons.isEmpty()) {
            b.append(pauseReasons);
        }
        b.append(" | CP ").append(cp).append(' ').append(pilot == PilotMode.PWM ? "PWM" : String.valueOf(pilot));
        b.append(" | offered ").append(Limit.formatAmps(offeredA)).append(" A");
        b.append(" | drawn ").append(String.format("%.1f", drawnA)).append(" A x").append(phases);
        b.append(" | ").append(String.format("%.0f", sessionEnergyWh)).append(" Wh");
        b.append(" | ").append(binding.describe());
        if (!errors.isEmpty()) {
            b.append(" | errors ");
            for (ActiveError e : errors) {
                b.append(e.code()).append(' ');
            }
        }
        return b.toString().trim();
    }
}
