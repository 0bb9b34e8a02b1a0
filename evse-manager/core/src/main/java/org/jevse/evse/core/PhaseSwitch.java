package org.jevse.evse.core;

/**
 * A 1p/3p switch asked for while power flows: it waits for the contactor to open, holds the pilot for
 * {@code switch_3ph1ph_delay_s}, then switches. One per session.
 */
final class PhaseSwitch {

    private Integer pending;
    private boolean holding;
    private long untilMs = -1;

    void request(int phases) {
        pending = phases;
    }

    boolean requested() {
        return pending != null;
    }

    /** Forgets the request (the transaction stopped instead). */
    void cancel() {
        pending = null;
    }

    /** The SwitchPhases state begins: wait for the contactor to open first. */
    void begin() {
        holding = false;
    }

    /** The contactor is open: the pilot is held until {@code untilMs}. */
    void hold(long untilMs) {
        holding = true;
        this.untilMs = untilMs;
    }

    boolean holding() {
        return holding;
    }

    boolean due(long now) {
        return now >= untilMs;
    }

    /** The hold is over: the phases to switch to (or null), and the request is done. */
    Integer finish() {
        Integer n = pending;
        pending = null;
        holding = false;
        untilMs = -1;
        return n;
    }

    /** A fault ends the hold; the request stays for when charging resumes. */
    void abort() {
        holding = false;
        untilMs = -1;
    }

    long deadlineMs() {
        return untilMs;
    }
}
