package org.jevse.evse.core;

import java.util.ArrayList;
import java.util.List;
import org.jevse.board.port.BoardCommand;
import org.jevse.board.port.BoardEvent;
import org.jevse.board.port.CpState;
import org.jevse.board.port.PilotMode;
import org.jevse.config.EvseConfig;

/**
 * The safety invariants of the charger, stated once. The randomized model-based tests check them after every
 * step; a runtime may check them too. One instance follows one core, because invariant 5 has memory.
 *
 * <ol>
 *   <li>The contactor is on only when CP is C (or D with ventilation allowed), no fatal error is active, and the PWM
 *       is on offering at least 6 A. The single exception is the C1 window (IEC 61851-1 Table A.6 seq. 10.1/10.2):
 *       the PWM has just stopped (X1) and the EV has less than {@code power_off_under_load_in_c1_timeout_ms}
 *       to leave C.</li>
 *   <li>C&rarr;A/B/E/F, D without ventilation, an RCD trip, a diode fault or any newly raised fatal error produces
 *       the power-off command within the same event, if the contactor was on.</li>
 *   <li>With PWM on, the duty cycle is exactly the IEC duty for the offered current, which is 6-80 A; without PWM
 *       nothing is offered.</li>
 *   <li>The offered current never exceeds the lowest active limit.</li>
 *   <li>Once a latched fault (cleared only by reset) is raised, the contactor is never allowed on again until a
 *       reset.</li>
 * </ol>
 */
public final class SafetyInvariants {

    private final EvseConfig cfg;
    private boolean latchedSinceReset;

    public SafetyInvariants(EvseConfig cfg) {
        this.cfg = cfg;
    }

    /** Call when a {@link ControlEvent.ResetFaults} is sent to the core. */
    public void onReset() {
        latchedSinceReset = false;
    }

    /**
     * Checks one step: the status before and after an input, and what the core emitted for it.
     *
     * @return the violated invariants, empty when all hold
     */
    public List<String> checkStep(Status before, ChargerInput input, List<BoardCommand> commands,
                                  List<Notification> notifications, Status after) {
        List<String> violations = new ArrayList<>();
        boolean fatalRaised = false;
        for (Notification n : notifications) {
            if (n instanceof Notification.ErrorChanged ec && ec.active() && ec.error().fatal()) {
                fatalRaised = true;
                if (ec.error().clearRule() == ClearRule.RESET) {
                    latchedSinceReset = true;
                }
            }
        }
        // 2: power off within the same event.
        if (before.contactorOn() && (makesPowerUnsafe(input) || fatalRaised) && !containsPowerOff(commands)) {
            violations.add("2: contactor was on and " + describe(input, fatalRaised)
                    + " but no power-off command came in the same event");
        }
        // 5: a latched fault never lets the contactor close again.
        if (latchedSinceReset) {
            for (BoardCommand c : commands) {
                if (c instanceof BoardCommand.AllowPower p && p.on()) {
                    violations.add("5: contactor allowed on after a latched fault without a reset");
                }
            }
        }
        violations.addAll(checkState(after));
        return violations;
    }

    /** Invariants 1, 3 and 4 on one snapshot. */
    public List<String> checkState(Status s) {
        List<String> violations = new ArrayList<>();
        boolean pwmOn = s.pilot() == PilotMode.PWM;
        if (s.contactorOn()) {
            boolean evAsks = s.cp() == CpState.C || (s.cp() == CpState.D && cfg.hasVentilation());
            boolean pwmOk = pwmOn && s.offeredA() >= PilotPwm.MIN_CURRENT_A;
            boolean c1Window = s.pilot() == PilotMode.X1 && s.c1SinceMs() >= 0
                    && s.nowMs() - s.c1SinceMs() < cfg.powerOffUnderLoadInC1TimeoutMs();
            if (!evAsks || s.fatalError() || !(pwmOk || c1Window)) {
                violations.add("1: contactor on with CP " + s.cp() + ", pilot " + s.pilot() + " offering "
                        + s.offeredA() + " A, fatal error " + s.fatalError() + ", C1 since " + s.c1SinceMs());
            }
        }
        if (pwmOn) {
            if (s.offeredA() < PilotPwm.MIN_CURRENT_A || s.offeredA() > PilotPwm.MAX_CURRENT_A) {
                violations.add("3: PWM on offering " + s.offeredA() + " A, outside 6-80 A");
            } else if (s.dutyPercent() != PilotPwm.dutyPercent(s.offeredA())) {
                violations.add("3: duty " + s.dutyPercent() + " % does not encode " + s.offeredA() + " A");
            }
        } else if (s.offeredA() != 0) {
            violations.add("3: pilot " + s.pilot() + " but " + s.offeredA() + " A counted as offered");
        }
        if (s.offeredA() > s.binding().amps() + 1e-9) {
            violations.add("4: offering " + s.offeredA() + " A above the lowest limit " + s.binding().describe());
        }
        return violations;
    }

    /** Inputs after which the contactor must not stay on, whatever else is true. */
    public boolean makesPowerUnsafe(ChargerInput input) {
        if (!(input instanceof ChargerInput.Board b)) {
            return false;
        }
        BoardEvent event = b.event();
        if (event instanceof BoardEvent.CpChanged cp) {
            CpState s = cp.state();
            return s == CpState.A || s == CpState.B || s == CpState.E || s == CpState.F
                    || (s == CpState.D && !cfg.hasVentilation());
        }
        return event instanceof BoardEvent.RcdTripped || event instanceof BoardEvent.DiodeFault;
    }

    private static boolean containsPowerOff(List<BoardCommand> commands) {
        for (BoardCommand c : commands) {
            if (c instanceof BoardCommand.AllowPower p && !p.on()) {
                return true;
            }
        }
        return false;
    }

    private static String describe(ChargerInput input, boolean fatalRaised) {
        return (fatalRaised ? "a fatal error was raised by " : "") + input;
    }
}
