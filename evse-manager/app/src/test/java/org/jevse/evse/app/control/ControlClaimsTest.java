package org.jevse.evse.app.control;

import static org.jevse.evse.Bench.TAG_GOOD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.jevse.evse.Bench;
import org.jevse.evse.core.ChargerInput;
import org.jevse.evse.core.ControlEvent;
import org.jevse.evse.core.EvseState;
import org.jevse.evse.core.PauseReason;
import org.junit.jupiter.api.Test;

/** Control claims from several sources combine into the core's events; the most restrictive claim wins. */
class ControlClaimsTest {

    private static final String SWITCHING = "board:\n  sim:\n    phase_switching: true\n";

    private Bench bench;
    private ControlClaims claims;

    private Bench bench(String yaml) {
        bench = Bench.with(yaml);
        claims = new ControlClaims(bench.charger, bench.loop.time());
        return bench;
    }

    private String claimed() {
        return claims.active().stream().map(c -> c.source() + ":" + c.kind().key() + "=" + c.value())
                .toList().toString();
    }

    @Test
    void theLowestCurrentLimitOfAllSourcesBindsAndReleasingRestoresTheNext() {
        bench(TAG_GOOD).charging("draw_power_regulated 32,3");
        claims.limitCurrent("http", 16.0);
        claims.limitCurrent("mqtt", 10.0);
        bench.after(6);
        assertEquals("limited by user 10 A", bench.status().binding().describe());
        assertEquals(10.0, bench.status().offeredA());
        assertEquals("[http:current_limit=16.0, mqtt:current_limit=10.0]", claimed());
        claims.limitCurrent("mqtt", null);
        bench.after(6);
        assertEquals("limited by user 16 A", bench.status().binding().describe());
        claims.limitCurrent("http", null);
        bench.after(6);
        assertEquals("limited by cable 32 A", bench.status().binding().describe(), "no user limit left");
        assertEquals("[]", claimed());
        bench.assertSafe();
    }

    @Test
    void aDisableFromAnySourceHoldsUntilThatSourceEnablesAndLastsAcrossSessions() {
        bench(TAG_GOOD).charging("draw_power_regulated 16,3");
        claims.enable("http", false);
        bench.after(3);
        assertEquals(EvseState.ChargingPausedEVSE, bench.state());
        assertEquals(0.0, bench.status().offeredA());
        claims.enable("mqtt", true);
        bench.after(3);
        assertEquals(EvseState.ChargingPausedEVSE, bench.state(), "mqtt held no claim: http's disable stands");
        bench.ev("unplug").after(2).ev("plugin; auth GOOD; draw_power_regulated 16,3").after(3);
        assertEquals(EvseState.ChargingPausedEVSE, bench.state(), "the next session is disabled too");
        claims.enable("http", true);
        bench.after(3);
        assertEquals(EvseState.Charging, bench.state());
        assertEquals(32.0, bench.status().offeredA());
        bench.assertSafe();
    }

    @Test
    void aUserClaimNeverLiftsTheOperatorsInoperativeNorSendsAvailability() {
        bench(TAG_GOOD).ready();
        bench.control(new ControlEvent.Enable(false)); // as OCPP ChangeAvailability Inoperative sends it
        claims.enable("http", false);
        claims.enable("http", true);
        claims.limitCurrent("http", 16.0);
        bench.ev("plugin; auth GOOD; draw_power_regulated 16,3").after(5);
        assertEquals(EvseState.Disabled, bench.state(), "Inoperative stands whatever the users claim");
        List<Object> enables = bench.records(o -> o instanceof Bench.StepEnd s
                && s.input() instanceof ChargerInput.Control c && c.event() instanceof ControlEvent.Enable)
                .stream().map(r -> r.what()).toList();
        assertEquals(1, enables.size(), "only the operator's Enable reached the core: " + enables);
        bench.assertSafe();
    }

    @Test
    void aPauseHoldsWhileAnySourcePausesAndEndsWithItsSession() {
        bench(TAG_GOOD).ready();
        ControlClaims.ClaimRefused none = assertThrows(ControlClaims.ClaimRefused.class,
                () -> claims.pause("http", true));
        assertEquals("pause: no session is running (a pause belongs to a session)", none.getMessage());
        bench.ev("plugin; auth GOOD; draw_power_regulated 16,3").after(3);
        claims.pause("http", true);
        claims.pause("mqtt", true);
        bench.after(3);
        assertEquals(Set.of(PauseReason.UserPause), bench.status().pauseReasons());
        claims.pause("http", false);
        bench.after(3);
        assertEquals(EvseState.ChargingPausedEVSE, bench.state(), "mqtt still pauses");
        bench.ev("unplug").after(2);
        assertEquals("[]", claimed(), "the pause ended with its session");
        bench.ev("plugin; auth GOOD; draw_power_regulated 16,3").after(3);
        assertEquals(EvseState.Charging, bench.state());
        bench.assertSafe();
    }

    @Test
    void theFewestPhasesClaimedAreAskedOfTheCore() {
        bench(TAG_GOOD + SWITCHING).ready();
        claims.phases("mqtt", 3);
        claims.phases("http", 1);
        bench.settle();
        assertEquals(1, bench.status().phases());
        assertEquals(1, claims.combined().phases());
        claims.phases("http", null);
        bench.settle();
        assertEquals(3, bench.status().phases(), "mqtt's 3 is the wish left");
        claims.phases("mqtt", null);
        bench.settle();
        assertEquals(3, bench.status().phases(), "no claim left: the phases stay");
        bench.assertSafe();
    }

    @Test
    void valuesOutsideWhatTheChargerCanDoAreRefusedWithWhatIsAllowed() {
        bench(TAG_GOOD).ready();
        assertEquals("current_limit: 3.0 A is not allowed: 0 (no current) or 6 to 32 A",
                assertThrows(ControlClaims.ClaimRefused.class, () -> claims.limitCurrent("http", 3.0)).getMessage());
        assertEquals("current_limit: 40.0 A is not allowed: 0 (no current) or 6 to 32 A",
                assertThrows(ControlClaims.ClaimRefused.class, () -> claims.limitCurrent("http", 40.0)).getMessage());
        assertEquals("phases: 1 is not allowed: only 3 (the board cannot switch phases)",
                assertThrows(ControlClaims.ClaimRefused.class, () -> claims.phases("http", 1)).getMessage());
        assertThrows(ControlClaims.ClaimRefused.class, () -> claims.limitCurrent("http", Double.NaN));
        assertTrue(claims.active().isEmpty(), "nothing refused is held");
    }
}
