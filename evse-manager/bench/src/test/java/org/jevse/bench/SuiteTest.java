package org.jevse.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.jevse.board.ev.EvCapabilities;
import org.jevse.config.ConfigException;
import org.junit.jupiter.api.Test;

/** Suite files are read strictly: every mistake is one line naming the file, the case and the key. */
class SuiteTest {

    static final String GOOD = """
            name: mine
            cases:
              - name: on-in-c
                script: plugin; draw_power_regulated 16,3; sleep 5; unplug
                needs: [load]
                expect:
                  - check: power_on
                    after: B->C
                    within_ms: 3000
                    row: seq. 4
            """;

    static String error(String yaml) {
        ConfigException e = assertThrows(ConfigException.class, () -> Suite.parse(yaml, "mine.yaml"));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void aGoodSuiteIsReadWithItsNeedsAndExpectations() {
        Suite s = Suite.parse(GOOD, "mine.yaml");
        TestCase c = s.cases().get(0);
        assertEquals(Set.of(EvCapabilities.Need.LOAD), c.needs());
        assertEquals("power on within 3000 ms of B->C", c.expectations().get(0).describe());
        assertEquals(2000, c.settleMs());
    }

    @Test
    void anUnknownKeyNamesTheKey() {
        String m = error(GOOD.replace("within_ms: 3000", "within: 3000"));
        assertTrue(m.startsWith("mine.yaml: cases[0].expect[0].within"), m);
    }

    @Test
    void aBadScriptNamesTheCaseAndTheCommand() {
        String m = error(GOOD.replace("sleep 5", "slep 5"));
        assertTrue(m.startsWith("mine.yaml: cases[0] (on-in-c).script: "), m);
        assertTrue(m.contains("slep"), m);
    }

    @Test
    void aChargerSideFaultIsNotAnEvWord() {
        String m = error(GOOD.replace("sleep 5", "weld"));
        assertTrue(m.contains("\"weld\" is a fault inside the charger"), m);
    }

    @Test
    void anUnknownAnchorOrNeedOrCheckIsRefused() {
        assertTrue(error(GOOD.replace("after: B->C", "after: X")).contains(".after: X is not an anchor; allowed: A, B, C, D"));
        assertTrue(error(GOOD.replace("needs: [load]", "needs: [lasers]")).contains("allowed: pp, load, diode_short"));
        assertTrue(error(GOOD.replace("check: power_on", "check: power_maybe")).contains("cases[0].expect[0].check"));
    }

    @Test
    void aTimedCheckNeedsItsLimitAndEveryExpectationItsRow() {
        assertTrue(error(GOOD.replace("        within_ms: 3000\n", "")).contains(".within_ms: missing for check power_on"));
        String m = error(GOOD.replace("row: seq. 4", "row: ''"));
        assertTrue(m.contains(".row: empty"), m);
    }

    @Test
    void twoCasesOfOneNameAreRefused() {
        String twice = GOOD + GOOD.substring(GOOD.indexOf("  - name"));
        assertTrue(error(twice).contains("cases[1] (on-in-c).name: a second case of this name"));
    }

    @Test
    void theBuiltInSuiteReadsAndCoversTheDutyFormulaAcross6To80A() {
        Suite s = Suite.builtIn("iec61851-ac");
        assertTrue(s.cases().stream().anyMatch(c -> c.name().equals("duty-6A")));
        assertTrue(s.cases().stream().anyMatch(c -> c.name().equals("duty-80A")));
        assertTrue(s.cases().stream().allMatch(c -> c.expectations().stream().noneMatch(e -> e.row().isBlank())));
        assertThrows(ConfigException.class, () -> Suite.resolve("/no/such/suite.yaml"));
    }
}
