package org.jevse.energy.lc;

import java.util.List;
import org.jevse.energy.alloc.LeafState;
import org.jevse.energy.wire.LeafAllocation;
import org.jevse.energy.wire.LeafStatus;
import org.jevse.energy.wire.Wire;
import org.jevse.ocpp.v16.Measurand;
import org.jevse.ocpp.v16.MeterValue;
import org.jevse.ocpp.v16.MeterValuesSampledValue;
import org.jevse.ocpp.v16.MeterValuesUnit;
import org.jevse.ocpp.v16.StatusNotificationStatus;

/**
 * One OCPP 1.6 charger (one connector) as a leaf of the energy tree, without I/O or clock: what it reports
 * (StatusNotification, MeterValues, transactions) becomes the leaf's {@link LeafStatus}; a grant of the dispatcher
 * becomes a TxProfile to send ({@link #onGrant}); and the grant is acknowledged to the dispatcher only when the
 * hard rule allows it: a raise when the charger accepted the profile, a reduction when it accepted it and then
 * metered no more than it (or is not charging). A charger whose metered current stays above its limit for
 * longer than the obedience timeout is disobedient and counts at its maximum (its fail-safe is reported as that).
 */
final class OcppLeaf {

    /** The metered current may exceed the limit by this much (meter and EV tolerance) before it counts as above. */
    static final int TOLERANCE_MA = 1000;
    /** IEC 61851-1: the least current a PWM may offer. */
    static final int IEC_MIN_MA = 6000;
    /** The epoch reported for a profile that an earlier LC may have left on the charger. */
    static final String PREVIOUS_EPOCH = "previous";
    /**
     * SuspendedEV after an offer, before the car ever charged on it: waiting for the car (IEC 61851-1: it closes S2
     * when ready) for this long, as jevse's own core waits in B2 (legacy_wakeup_after_s), then paused by the EV.
     */
    static final long EV_START_GRACE_MS = 30_000;

    /** A TxProfile to send: the grant's sequence, the limit, the transaction it belongs to. */
    record Profile(long seq, int currentMa, int phases, int transactionId) {
    }

    private record Pending(long seq, int currentMa, int phases, long sentAtMs, boolean reductionCandidate) {
    }

    final String id;
    final int connector;
    private final int maxMa;
    private final int failsafeMa;
    private final long validForMs;
    private final long fallbackMs;
    private final long obedienceMs;

    private long statusSeq;
    private StatusNotificationStatus status;
    /** Whether the car charged since the charger last reported SuspendedEVSE or Preparing (offer not yet taken). */
    private boolean chargedOnOffer;
    private long suspendedEvSinceMs = -1;
    private boolean setUpBefore;
    private Integer transactionId;
    private final int[] measured = {-1, -1, -1};
    private long measuredAtMs = -1;
    private int csmsCapMa = Integer.MAX_VALUE;
    private boolean previousMayHold = true;
    private boolean disobedient;
    private long overshootSinceMs = -1;
    private int disobediences;

    private int inForceMa = -1;
    private int inForcePhases = 3;
    private boolean phaseSwitching;
    private long inForceSinceMs;
    private long inForceEndsAtMs;
    private Pending pending;
    private LeafAllocation next;
    private Pending awaitingMeter;
    private long acceptedAtMs;
    private long confirmedSeq = -1;
    private int confirmedMa;
    private int confirmedPhases = 3;
    private int rejected;

    /**
     * @param validForMs the schedule of a grant's TxProfile (ocpp_server.valid_for_s)
     * @param fallbackMs how late after a schedule's end the charger may still draw it (fallback_margin_s)
     */
    OcppLeaf(String id, int connector, int maxMa, int failsafeMa, long validForMs, long fallbackMs, long obedienceMs) {
        this.id = id;
        this.connector = connector;
        this.maxMa = maxMa;
        this.failsafeMa = failsafeMa;
        this.validForMs = validForMs;
        this.fallbackMs = fallbackMs;
        this.obedienceMs = obedienceMs;
    }

    // --- what the charger reports ------------------------------------------------------------------------------

    /** StatusNotification of this leaf's connector. Returns true if the state changed. */
    boolean onStatus(StatusNotificationStatus s) {
        boolean changed = s != status;
        status = s;
        if (s == StatusNotificationStatus.Charging) {
            chargedOnOffer = true;
        } else if (s != StatusNotificationStatus.SuspendedEV) {
            chargedOnOffer = false;
        }
        return changed;
    }

    void onTransactionStarted(int txId) {
        transactionId = txId;
    }

    /** The transaction ended: its TxProfile died with it (OCPP 1.6 §3.13.2), the TxDefaultProfile governs again. */
    void onTransactionStopped() {
        transactionId = null;
        inForceMa = -1;
        pending = null;
        awaitingMeter = null;
        overshootSinceMs = -1;
        disobedient = false;
    }

    Integer transactionId() {
        return transactionId;
    }

    /** True the first time in this LC's life: TxDefaultProfiles left from before the LC are cleared then. */
    boolean firstSetUp() {
        boolean first = !setUpBefore;
        setUpBefore = true;
        return first;
    }

    /** The connection is new (connect or boot): nothing of ours may be in force that we do not know of. */
    void onConnected() {
        pending = null;
        next = null;
    }

    /**
     * MeterValues of this connector: Current.Import per phase (A). A value without phase is taken for all three.
     * Values outside 0..1000 A are ignored (bounded input).
     */
    void onMeterValues(List<MeterValue> values, long nowMs) {
        boolean any = false;
        int[] m = {-1, -1, -1};
        for (MeterValue mv : values) {
            for (MeterValuesSampledValue v : mv.sampledValue()) {
                if (v.measurand() != Measurand.Current_Import || (v.unit() != null && v.unit() != MeterValuesUnit.A)) {
                    continue;
                }
                double a;
                try {
                    a = Double.parseDouble(v.value());
                } catch (NumberFormatException e) {
                    continue;
                }
                if (!(a >= 0 && a <= 1000)) {
                    continue;
                }
                int ma = (int) Math.round(a * 1000);
                if (v.phase() == null) {
                    m[0] = m[1] = m[2] = ma;
                } else {
                    String p = v.phase().toString();
                    int i = p.startsWith("L1") ? 0 : p.startsWith("L2") ? 1 : p.startsWith("L3") ? 2 : -1;
                    if (i >= 0) {
                        m[i] = ma;
                    }
                }
                any = true;
            }
        }
        if (!any) {
            return;
        }
        System.arraycopy(m, 0, measured, 0, 3);
        measuredAtMs = nowMs;
        checkObedience(nowMs);
    }

    /** The CSMS's own limit (server_charging_call Forward): an upper bound of this charger; MAX_VALUE: none. */
    void csmsCap(int capMa) {
        csmsCapMa = capMa;
    }

    // --- grants ------------------------------------------------------------------------------------------------

    /**
     * A grant of the dispatcher. Returns the TxProfile to send now, or null: without a transaction there is no
     * TxProfile to send (OCPP 1.6: a TxProfile needs a running transaction; the TxDefaultProfile at the fail-safe
     * governs and the grant is acknowledged, the charger drawing no more than the fail-safe the dispatcher counts
     * anyway); with a profile in flight the grant waits for its answer; a grant equal to the profile in force
     * with more than half its schedule left only renews the dispatcher's book.
     */
    Profile onGrant(LeafAllocation g, long nowMs) {
        if (transactionId == null) {
            if (awaitingMeter == null && pending == null) {
                confirm(g.seq(), g.currentMa(), g.phases());
            }
            return null;
        }
        if (pending != null) {
            next = g;
            return null;
        }
        if (inForceMa == g.currentMa() && inForcePhases == g.phases() && inForceEndsAtMs - nowMs > validForMs / 2) {
            if (awaitingMeter == null) {
                confirm(g.seq(), g.currentMa(), g.phases());
            }
            return null; // a reduction waiting for its meter sample is confirmed by that sample
        }
        int before = inForceMa >= 0 ? inForceMa : previousMayHold ? maxMa : failsafeMa;
        int phasesBefore = inForceMa >= 0 ? inForcePhases : 3;
        // A grant lower on some phase waits for the meter: less current, or fewer phases (a 3 → 1 switch).
        pending = new Pending(g.seq(), g.currentMa(), g.phases(), nowMs,
                g.currentMa() < before || g.phases() < phasesBefore);
        return new Profile(g.seq(), g.currentMa(), g.phases(), transactionId);
    }

    /**
     * The charger's answer to the TxProfile of grant {@code seq}. Returns the next profile to send (a grant that
     * arrived meanwhile), or null.
     */
    Profile onProfileAnswer(long seq, boolean accepted, long nowMs) {
        Pending p = pending;
        if (p == null || p.seq() != seq) {
            return null;
        }
        pending = null;
        if (accepted) {
            previousMayHold = false;
            if (p.currentMa() != inForceMa || p.phases() != inForcePhases) {
                // A new limit: the charger gets the obedience timeout from now. A renewal of the same limit
                // does not restart that clock, or a charger that ignores profiles would never be caught.
                inForceSinceMs = nowMs;
                acceptedAtMs = nowMs;
                overshootSinceMs = -1;
            }
            inForceMa = p.currentMa();
            inForcePhases = p.phases();
            inForceEndsAtMs = p.sentAtMs() + validForMs;
            if (p.reductionCandidate() && charging()) {
                awaitingMeter = p; // confirmed by the next meter sample that shows it (checkObedience)
            } else {
                awaitingMeter = null;
                confirm(p.seq(), p.currentMa(), p.phases());
            }
        } else {
            rejected++;
        }
        LeafAllocation n = next;
        next = null;
        return n == null ? null : onGrant(n, nowMs);
    }

    private boolean charging() {
        return status == null || status == StatusNotificationStatus.Charging;
    }

    private void confirm(long seq, int ma, int phases) {
        if (seq > confirmedSeq) {
            confirmedSeq = seq;
            confirmedMa = ma;
            confirmedPhases = phases;
        }
    }

    private void checkObedience(long nowMs) {
        int top = 0;
        for (int v : measured) {
            top = Math.max(top, v);
        }
        if (awaitingMeter != null && measuredAtMs > acceptedAtMs && meterShows(awaitingMeter)) {
            confirm(awaitingMeter.seq(), awaitingMeter.currentMa(), awaitingMeter.phases());
            awaitingMeter = null;
        }
        int limit = transactionId != null && inForceMa >= 0 ? inForceMa : failsafeMa;
        if (previousMayHold && inForceMa < 0) {
            return; // a profile of an earlier LC may still allow more: nothing to judge yet
        }
        if (top > limit + TOLERANCE_MA) {
            if (overshootSinceMs < 0) {
                overshootSinceMs = Math.max(nowMs, inForceSinceMs);
            }
            if (!disobedient && nowMs - Math.max(overshootSinceMs, acceptedAtMs) >= obedienceMs) {
                disobedient = true;
                disobediences++;
            }
        } else {
            overshootSinceMs = -1;
            disobedient = false;
        }
    }

    /**
     * The meter shows the grant: no phase above its current (+ tolerance), and with one phase granted nothing on
     * the charger's L2 and L3 (a 1-phase charge uses the charger's L1).
     */
    private boolean meterShows(Pending p) {
        boolean ok = true;
        for (int i = 0; i < 3; i++) {
            int allowed = i == 0 || p.phases() >= 3 ? p.currentMa() + TOLERANCE_MA : TOLERANCE_MA;
            ok &= measured[i] <= allowed;
        }
        return ok;
    }

    /**
     * phase_switching: the charger switches between 1 and 3 phases by numberPhases, so the allocator may grant
     * either; without it the leaf can use only the phases it is measured on.
     */
    void phaseSwitching(boolean on) {
        phaseSwitching = on;
    }

    boolean disobedient() {
        return disobedient;
    }

    /** How often this charger was found disobedient. */
    int disobediences() {
        return disobediences;
    }

    int rejectedProfiles() {
        return rejected;
    }

    /** The limit of the TxProfile the charger accepted last (mA), -1 if none of this transaction. */
    int inForceMa() {
        return inForceMa;
    }

    /** True when the schedule in force has less than half its lease left (the LC sends it again). */
    boolean renewalDue(long nowMs) {
        return inForceMa >= 0 && pending == null && inForceEndsAtMs - nowMs <= validForMs / 2;
    }

    // --- the leaf's status -------------------------------------------------------------------------------------

    LeafState state() {
        return state(Long.MAX_VALUE);
    }

    private LeafState state(long nowMs) {
        if (status == null) {
            return transactionId != null ? LeafState.WAITING : LeafState.IDLE;
        }
        return switch (status) {
            case Charging -> LeafState.CHARGING;
            case SuspendedEVSE -> LeafState.WAITING;
            // One status for a car that has not yet taken the offer and one that paused after charging.
            case SuspendedEV -> chargedOnOffer
                    || suspendedEvSinceMs >= 0 && nowMs - suspendedEvSinceMs >= EV_START_GRACE_MS
                    ? LeafState.EV_PAUSED : LeafState.WAITING;
            case Preparing -> transactionId != null ? LeafState.WAITING : LeafState.IDLE;
            case Faulted -> LeafState.ERROR;
            default -> LeafState.IDLE;
        };
    }

    /** The status the manager core reads, as an MQTT leaf would send it. */
    LeafStatus status(String epoch, long nowMs, boolean urgent) {
        // A CSMS limit under the IEC minimum pauses the charger: the leaf then asks for nothing.
        boolean pausedByCsms = csmsCapMa < IEC_MIN_MA;
        int top = Math.max(IEC_MIN_MA, Math.min(maxMa, csmsCapMa));
        int n = 0;
        for (int v : measured) {
            if (v > TOLERANCE_MA / 2) {
                n++;
            }
        }
        int inUse = n == 0 ? 0 : n == 1 ? 1 : 3;
        LeafStatus.Phases phases = phaseSwitching ? new LeafStatus.Phases(inUse, List.of(1, 3), true)
                : new LeafStatus.Phases(inUse, List.of(inUse == 1 ? 1 : 3), false);
        LeafStatus.Applied applied = null;
        if (previousMayHold) {
            // An earlier LC (before a restart) may have left a TxProfile up to the maximum: counted for one
            // schedule plus the fallback margin, as long as any OCPP grant is counted (ManagerSettings).
            previousMayHold = false;
            applied = new LeafStatus.Applied(PREVIOUS_EPOCH, 1, maxMa, 3, validForMs + fallbackMs);
        } else if (confirmedSeq > 0) {
            long remaining = Math.max(0, Math.min(validForMs, inForceEndsAtMs - nowMs));
            applied = new LeafStatus.Applied(epoch, confirmedSeq, confirmedMa, confirmedPhases,
                    inForceMa >= 0 ? remaining : validForMs);
        }
        int[] min = {IEC_MIN_MA, IEC_MIN_MA, IEC_MIN_MA};
        int[] max = {top, top, top};
        if (status != StatusNotificationStatus.SuspendedEV) {
            suspendedEvSinceMs = -1;
        } else if (suspendedEvSinceMs < 0) {
            suspendedEvSinceMs = nowMs;
        }
        LeafState state = pausedByCsms && state(nowMs) != LeafState.ERROR ? LeafState.IDLE : state(nowMs);
        return new LeafStatus(Wire.VERSION, id, ++statusSeq, LeafStatus.wireName(state), min, max, phases,
                measured.clone(), 0, 0, 0, disobedient ? Math.max(maxMa, failsafeMa) : failsafeMa, applied, urgent);
    }

    /** The leaf's bookkeeping in one line, for a log or a failing test's message. */
    @Override
    public String toString() {
        return "OcppLeaf[" + id + " tx " + transactionId + " status " + status + " inForce " + inForceMa + " mA until "
                + inForceEndsAtMs + " pending " + pending + " next " + (next == null ? null : next.seq()) + " awaitingMeter "
                + awaitingMeter + " acceptedAt " + acceptedAtMs + " measured " + java.util.Arrays.toString(measured)
                + " at " + measuredAtMs + " confirmed seq " + confirmedSeq + " " + confirmedMa + " mA]";
    }
}
