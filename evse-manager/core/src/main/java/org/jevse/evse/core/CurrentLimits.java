package org.jevse.evse.core;

import java.util.EnumSet;
import java.util.Set;
import org.jevse.board.port.Ampacity;
import org.jevse.board.port.BoardCommand;
import org.jevse.board.port.ConnectorType;
import org.jevse.board.port.HardwareCapabilities;
import org.jevse.config.EvseConfig;

/**
 * What current the charger may offer: the limits from every source ({@link LimitArbiter}), the cable (PP or a
 * tethered rating) for the phases in use, made offerable on the pilot and passed through the session's UK random
 * delay.
 */
final class CurrentLimits {

    private final EvseConfig cfg;
    private final HardwareCapabilities caps;
    private final LimitArbiter limits = new LimitArbiter();
    private Ampacity pp = Ampacity.NONE;
    private int phases;
    private Limit announced;

    CurrentLimits(EvseConfig cfg, HardwareCapabilities caps, int initialPhases) {
        this.cfg = cfg;
        this.caps = caps;
        this.phases = Math.max(caps.minPhases(), Math.min(caps.maxPhases(), initialPhases));
        limits.set(LimitSource.CONFIG, cfg.maxCurrentImportA());
        limits.set(LimitSource.BOARD, caps.maxCurrentA());
        updateCableLimit();
    }

    void set(LimitSource source, double amps) {
        limits.set(source, amps);
    }

    void remove(LimitSource source) {
        limits.remove(source);
    }

    /** A lease of {@code amps} until {@code untilMs} (monotonic), then {@code failsafeAmps}. */
    void lease(double amps, long untilMs, double failsafeAmps) {
        limits.setExpiring(LimitSource.ENERGY_MANAGER, amps, untilMs, failsafeAmps);
    }

    void pp(Ampacity a) {
        pp = a;
        updateCableLimit();
    }

    int phases() {
        return phases;
    }

    void switchPhases(int n, CoreOutput out) {
        phases = n;
        out.command(new BoardCommand.SwitchPhases(n));
        updateCableLimit();
    }

    Limit binding(long now) {
        return limits.binding(now);
    }

    java.util.List<Limit> active(long now) {
        return limits.active(now);
    }

    long nextExpiryAfter(long now) {
        return limits.nextExpiryAfter(now);
    }

    /** Announces the binding limit when it changed since the last announcement. */
    void announce(long now, CoreOutput out) {
        Limit binding = limits.binding(now);
        if (!binding.equals(announced)) {
            announced = binding;
            out.notify(new Notification.LimitChanged(binding));
        }
    }

    /** The current the session would offer now: the binding limit, made offerable, after the UK random delay. */
    double wantedA(long now, ActiveSession session) {
        double a = limits.binding(now).amps();
        if (a < Math.max(PilotPwm.MIN_CURRENT_A, caps.minCurrentA())) {
            a = 0;
        }
        a = PilotPwm.offerable(a);
        return session == null ? a : session.ukDelay.apply(a, now);
    }

    /** True if the EVSE must pause now (a user pause, or less than the minimum current available). */
    boolean mustPause(long now, ActiveSession session) {
        return session.userPause || wantedA(now, session) < PilotPwm.MIN_CURRENT_A;
    }

    Set<PauseReason> pauseReasons(long now, ActiveSession session) {
        EnumSet<PauseReason> r = EnumSet.noneOf(PauseReason.class);
        if (session != null && session.userPause) {
            r.add(PauseReason.UserPause);
        }
        if (wantedA(now, session) < PilotPwm.MIN_CURRENT_A) {
            r.add(PauseReason.NoEnergy);
        }
        return r;
    }

    /** A tethered cable, or a socket with a valid PP resistor for the phases in use. */
    boolean cableOk() {
        return caps.connectorType() == ConnectorType.TETHERED_CABLE || pp.amps(phases) > 0;
    }

    /** Threshold for the board's fast over-current trip: the highest current we could ever offer, plus margin. */
    double hardwareOverCurrentLimitA() {
        double max = Math.min(caps.maxCurrentA(), cfg.maxCurrentImportA());
        if (caps.connectorType() == ConnectorType.TETHERED_CABLE) {
            max = Math.min(max, caps.cableRatingA());
        } else if (pp.amps(phases) > 0) {
            max = Math.min(max, pp.amps(phases));
        }
        // EVerest ac_set_overcurrent_limit_A: "a margin needs to be added to avoid false triggers".
        return Math.round((max * 1.25 + 2) * 10) / 10.0;
    }

    private void updateCableLimit() {
        if (caps.connectorType() == ConnectorType.TETHERED_CABLE) {
            limits.set(LimitSource.CABLE, caps.cableRatingA());
        } else {
            limits.set(LimitSource.CABLE, pp.amps(phases));
        }
    }
}
