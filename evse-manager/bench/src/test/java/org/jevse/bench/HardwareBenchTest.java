package org.jevse.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Collectors;
import org.jevse.board.sim.ev.SimulatedEvBoard;
import org.jevse.board.time.EventLoop;
import org.junit.jupiter.api.Test;

/**
 * The bench as it runs against a real charger: one EV-side board and one charger for the whole suite, set up by
 * hand. Played here with the simulated line standing in for the wires and a model charger for the charger.
 */
class HardwareBenchTest {

    @Test
    void oneChargerForTheWholeSuiteAndCasesForAnotherSetUpAreSkippedWithTheReason() {
        EventLoop loop = EventLoop.virtual(0);
        SimulatedChargerUnderTest.Attached charger = new ModelCharger(ModelCharger.Defect.NONE)
                .attach(loop, new ChargerSetup(32, false));
        HardwareBench bench = new HardwareBench("model charger on a bench", new SimulatedEvBoard(charger.board(), loop, 80),
                loop, 32, false, 5000);
        charger.start();

        SuiteResult r = BenchRunner.run(Suite.builtIn("iec61851-ac"), bench);

        Map<String, CaseResult> byName = r.cases().stream().collect(Collectors.toMap(c -> c.testCase().name(), c -> c));
        assertEquals(0, r.count(CaseResult.Status.FAILED), r.cases().stream().filter(c -> c.status() == CaseResult.Status.FAILED)
                .map(c -> c.testCase().name() + " " + c.verdicts()).collect(Collectors.joining(", ")));
        assertEquals(CaseResult.Status.PASSED, byName.get("duty-32A").status());
        assertEquals(CaseResult.Status.PASSED, byName.get("c2-b2-power-off-within-100ms").status());
        assertEquals("the case needs a charger set up to offer 16 A; the bench file says it offers 32 A (charger_offers_A)",
                byName.get("duty-16A").reason());
        assertTrue(byName.get("pp-680-ohm-20A").reason().contains("with a socket"));
        assertEquals(14 + 6, r.count(CaseResult.Status.SKIPPED), "14 other currents, 6 PP cases");
    }
}
