package org.jevse.bench;

import java.util.List;

/**
 * The outcome of one case: passed, failed or skipped (with the reason), each expectation with its measured value
 * beside its limit, and the trace for the plot.
 */
public record CaseResult(TestCase testCase, Status status, String reason, List<Verdict> verdicts, Trace trace,
                         long benchMs) {

    public enum Status { PASSED, FAILED, SKIPPED }

    public CaseResult {
        verdicts = List.copyOf(verdicts);
    }

    static CaseResult skipped(TestCase c, String reason) {
        return new CaseResult(c, Status.SKIPPED, reason, List.of(), null, 0);
    }

    /**
     * One expectation judged.
     *
     * @param measured the measured value in words ("2030 ms", "26.67 %", "never within 5000 ms")
     * @param anchorMs when the anchor happened (bench time), or -1 when it never did
     * @param windowEndMs the end of the span measured, for the plot
     */
    public record Verdict(Expectation expectation, boolean passed, String measured, long anchorMs, long windowEndMs) {
    }
}
