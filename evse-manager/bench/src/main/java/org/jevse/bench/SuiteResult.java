package org.jevse.bench;

import java.util.List;

/**
 * A suite's outcome on one bench.
 *
 * @param wallMs  the wall time the whole run took
 * @param benchMs the bench's (possibly virtual) time the cases covered together
 */
public record SuiteResult(Suite suite, String bench, List<CaseResult> cases, long wallMs, long benchMs) {

    public SuiteResult {
        cases = List.copyOf(cases);
    }

    public long count(CaseResult.Status status) {
        return cases.stream().filter(c -> c.status() == status).count();
    }

    public boolean passed() {
        return count(CaseResult.Status.FAILED) == 0;
    }
}
