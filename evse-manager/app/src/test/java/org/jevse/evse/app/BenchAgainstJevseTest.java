package org.jevse.evse.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Collectors;
import org.jevse.bench.BenchRunner;
import org.jevse.bench.CaseResult;
import org.jevse.bench.SimBench;
import org.jevse.bench.Suite;
import org.jevse.bench.SuiteResult;
import org.jevse.config.ConfigLoader;
import org.junit.jupiter.api.Test;

/** The built-in suite on the sim EV-side driver against jevse's own core with its default configuration. */
class BenchAgainstJevseTest {

    @Test
    void everyCaseOfTheBuiltInSuitePassesAgainstJevse() {
        SuiteResult r = BenchRunner.run(Suite.builtIn("iec61851-ac"),
                new SimBench(new JevseOnSimLine(ConfigLoader.defaults(), "default configuration")));
        String failures = r.cases().stream().filter(c -> c.status() != CaseResult.Status.PASSED)
                .map(c -> c.testCase().name() + " " + c.status() + " " + c.reason() + " " + c.verdicts().stream()
                        .filter(v -> !v.passed()).map(v -> v.expectation().describe() + ": measured " + v.measured())
                        .collect(Collectors.joining("; ")))
                .collect(Collectors.joining("\n"));
        assertEquals("", failures);
        assertTrue(r.cases().size() >= 30, "cases: " + r.cases().size());
        System.out.printf("iec61851-ac on the sim driver: %d cases, %d ms wall, %d ms bench time%n", r.cases().size(),
                r.wallMs(), r.benchMs());
    }
}
