package org.jevse.board.pi;

import org.jevse.board.port.CpState;

/**
 * Classifies CP measurements (the high and the low plateau of the pilot, in volts) into states A-F, after
 * chargebyte's CPUtils bands with hysteresis, and accepts a new state only when two consecutive measurements
 * agree. Detects a shorted or missing EV diode: PWM running, high side above 2 V, not in A, and the low side
 * mirroring the high side (|high + low| within 1.2 V); the fault latches until A is seen.
 * Not thread-safe: one sampler owns it.
 */
public final class CpClassifier {

    /** What one measurement changed. */
    public record Result(CpState changedTo, boolean diodeFaultDetected) {
        static final Result NONE = new Result(null, false);
    }

    private CpState accepted;
    private CpState candidate;
    private boolean diodeFault;
    private boolean diodeCandidate;

    /** The state last accepted, null before two measurements agreed. */
    public CpState state() {
        return accepted;
    }

    public boolean diodeFault() {
        return diodeFault;
    }

    /**
     * @param pwmRunning the pilot is a PWM with a duty strictly between 0 and 100 % (only then has the low half a
     *                   meaning for the diode check)
     */
    public Result update(double highV, double lowV, boolean pwmRunning) {
        CpState raw = classify(highV, accepted);
        CpState changed = null;
        if (raw == null) {
            candidate = null; // pilot fault or an unstable reading: ignored, and it breaks an agreement
        } else if (raw == candidate) {
            if (raw != accepted) {
                accepted = raw;
                changed = raw;
            }
        } else {
            candidate = raw;
        }
        if (accepted == CpState.A) {
            diodeFault = false;
            diodeCandidate = false;
        }
        boolean detected = false;
        boolean looksShorted = pwmRunning && highV > 2 && accepted != null && accepted != CpState.A
                && Math.abs(highV + lowV) <= 1.2;
        if (looksShorted && diodeCandidate && !diodeFault) {
            diodeFault = true;
            detected = true;
        }
        diodeCandidate = looksShorted;
        return changed == null && !detected ? Result.NONE : new Result(changed, detected);
    }

    /**
     * The state one high-plateau voltage means, given the state before (hysteresis bands), or null for a pilot
     * fault (above 13 V, between -10 and -2 V, below -13 V, or -11..-10 V when not coming from F).
     */
    public static CpState classify(double v, CpState previous) {
        if (v > 13) {
            return null;
        }
        if (v >= 11) {
            return CpState.A;
        }
        if (v >= 10) {
            return previous == CpState.A ? CpState.A : CpState.B;
        }
        if (v >= 8) {
            return CpState.B;
        }
        if (v >= 7) {
            return previous == CpState.A || previous == CpState.B ? CpState.B : CpState.C;
        }
        if (v >= 5) {
            return CpState.C;
        }
        if (v >= 4) {
            return previous == CpState.A || previous == CpState.B || previous == CpState.C ? CpState.C : CpState.D;
        }
        if (v >= 2) {
            return CpState.D;
        }
        if (v >= -1) {
            return CpState.E;
        }
        if (v >= -2) {
            return previous != null && previous != CpState.F ? CpState.E : null;
        }
        if (v >= -10) {
            return null;
        }
        if (v >= -11) {
            return previous == CpState.F ? CpState.F : null;
        }
        if (v >= -13) {
            return CpState.F;
        }
        return null;
    }
}
