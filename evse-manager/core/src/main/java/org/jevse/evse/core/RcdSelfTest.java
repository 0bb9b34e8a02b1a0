package org.jevse.evse.core;

import org.jevse.board.port.BoardCommand;

/**
 * The RCD self-test that runs before each session where the board has an RCD; no answer within
 * {@code rcd_self_test_timeout_ms} counts as a failure. One per session.
 */
final class RcdSelfTest {

    private enum Phase { RUNNING, PASSED, FAILED }

    private Phase phase;
    private long deadlineMs;

    private RcdSelfTest(Phase phase, long deadlineMs) {
        this.phase = phase;
        this.deadlineMs = deadlineMs;
    }

    /** Commands the test where the board has an RCD; a board without one needs none. */
    static RcdSelfTest begin(boolean hasRcd, long now, long timeoutMs, CoreOutput out) {
        if (!hasRcd) {
            return new RcdSelfTest(Phase.PASSED, -1);
        }
        out.command(new BoardCommand.RcdSelfTest());
        return new RcdSelfTest(Phase.RUNNING, now + timeoutMs);
    }

    boolean passed() {
        return phase == Phase.PASSED;
    }

    /** Takes the board's answer; true when it is a failure to raise. Answers while no test runs are ignored. */
    boolean failsWith(boolean passed) {
        if (phase != Phase.RUNNING) {
            return false;
        }
        phase = passed ? Phase.PASSED : Phase.FAILED;
        return !passed;
    }

    /** The test runs and its answer is overdue. */
    boolean overdue(long now) {
        return phase == Phase.RUNNING && now >= deadlineMs;
    }

    /** When the answer is due, or -1 when no test runs. */
    long deadlineMs() {
        return phase == Phase.RUNNING ? deadlineMs : -1;
    }
}
