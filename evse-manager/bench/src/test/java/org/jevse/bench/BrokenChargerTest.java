package org.jevse.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The built-in suite against deliberately broken charger models: each defect makes the right cases fail, with the
 * measured value and the limit in the verdict. The same model without a defect passes every case, so the failures
 * come from the defects and not from the model.
 */
class BrokenChargerTest {

    static final Suite SUITE = Suite.builtIn("iec61851-ac");

    static SuiteResult run(ModelCharger.Defect defect) {
        return BenchRunner.run(SUITE, new SimBench(new ModelCharger(defect)));
    }

    static Set<String> failed(SuiteResult r) {
        return r.cases().stream().filter(c -> c.status() == CaseResult.Status.FAILED).map(c -> c.testCase().name())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    static CaseResult.Verdict failedVerdict(SuiteResult r, String caseName) {
        CaseResult c = r.cases().stream().filter(x -> x.testCase().name().equals(caseName)).findFirst().orElseThrow();
        return c.verdicts().stream().filter(v -> !v.passed()).findFirst().orElseThrow(
                () -> new AssertionError(caseName + " has no failed verdict"));
    }

    @Test
    void theCompliantModelPassesEveryCase() {
        SuiteResult r = run(ModelCharger.Defect.NONE);
        assertEquals(Set.of(), failed(r));
        assertEquals(0, r.count(CaseResult.Status.SKIPPED));
    }

    @Test
    void aScriptThatPresentsACardIsSkippedWhereTheChargerTakesNone() {
        Suite s = Suite.parse("""
                name: cards
                cases:
                  - name: carded
                    script: plugin; auth TAG-1; sleep 1
                    expect:
                      - check: no_power
                        after: B
                        row: A.4
                """, "cards.yaml");
        SuiteResult r = BenchRunner.run(s, new SimBench(new ModelCharger(ModelCharger.Defect.NONE)));
        assertEquals(CaseResult.Status.SKIPPED, r.cases().get(0).status());
        assertEquals("the script presents a card (auth) and the bench cannot", r.cases().get(0).reason());
    }

    @Test
    void aChargerThatClosesInBFailsNoPowerInB() {
        SuiteResult r = run(ModelCharger.Defect.CLOSES_IN_B);
        assertTrue(failed(r).containsAll(List.of("b-no-power", "b2-c2-power-on-within-3s")), failed(r).toString());
        CaseResult.Verdict v = failedVerdict(r, "b-no-power");
        assertEquals(Check.no_power, v.expectation().check());
        assertTrue(v.measured().matches("\\d+ ms powered \\(from \\+\\d+ ms\\)"), v.measured());
        assertEquals("0 ms powered", v.expectation().limit());
    }

    @Test
    void aChargerThatOpens300MsLateFailsTheC2B2Row() {
        SuiteResult r = run(ModelCharger.Defect.OPENS_300_MS_LATE);
        assertEquals(Set.of("c2-b2-power-off-within-100ms", "c2-b2-c2-again", "d-ventilation"), failed(r));
        CaseResult.Verdict v = failedVerdict(r, "c2-b2-power-off-within-100ms");
        assertEquals(Check.power_off, v.expectation().check());
        assertEquals("330 ms", v.measured(), "300 ms late plus the relay's 30 ms");
        assertEquals("≤ 100 ms", v.expectation().limit());
    }

    @Test
    void aChargerWithAWrongDutyFailsTheDutyCases() {
        SuiteResult r = run(ModelCharger.Defect.WRONG_DUTY);
        assertTrue(failed(r).contains("duty-16A"), failed(r).toString());
        assertTrue(failed(r).stream().allMatch(n -> n.startsWith("duty-") || n.startsWith("pp-")), failed(r).toString());
        CaseResult.Verdict v = failedVerdict(r, "duty-16A");
        assertEquals("26.00 %", v.measured());
        assertEquals("26.67 ± 0.5 %", v.expectation().limit());
    }

    @Test
    void aChargerThatIgnoresADiodeFaultFailsTheDiodeCases() {
        SuiteResult r = run(ModelCharger.Defect.IGNORES_DIODE_FAULT);
        assertEquals(Set.of("diode-fault-while-charging", "diode-fault-before-c-no-power"), failed(r));
        CaseResult.Verdict v = failedVerdict(r, "diode-fault-while-charging");
        assertEquals("3030 ms", v.measured(), "power stays until the unplug 3 s later (plus the relay's 30 ms)");
        assertEquals("≤ 100 ms", v.expectation().limit());
    }
}
