package org.jevse.evse;

import static org.jevse.evse.Bench.TAG_GOOD;
import static org.jevse.evse.Bench.pilot;
import static org.jevse.evse.Bench.powerOff;
import static org.jevse.evse.Bench.powerOn;
import static org.jevse.evse.Bench.pwmDuty;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jevse.board.port.BoardCommand;
import org.jevse.board.port.PilotMode;
import org.jevse.evse.core.ControlEvent;
import org.jevse.evse.core.EvseState;
import org.jevse.evse.core.LimitSource;
import org.jevse.evse.core.Notification;
import org.jevse.evse.core.PauseReason;
import org.junit.jupiter.api.Test;

/** Limit arbitration in one place: the offered current is the minimum of every limit, and says which binds. */
class LimitScenariosTest {

    @Test
    void theOfferedCurrentIsTheLowestLimitAndTheStatusNamesIt() {
        Bench b = Bench.with(TAG_GOOD + "evse:\n  max_current_import_A: 25\nboard:\n  sim:\n    cable_rating_A: 20\n")
                .charging("draw_power_regulated 32,3");
        assertEquals("limited by cable 20 A", b.status().binding().describe());
        assertEquals(20.0, b.status().offeredA());
        b.control(new ControlEvent.SetLimit(LimitSource.OCPP, 14));
        assertEquals("limited by OCPP 14 A", b.status().binding().describe());
        b.control(new ControlEvent.SetLimit(LimitSource.USER, 11.5));
        assertEquals("limited by user 11.5 A", b.status().binding().describe());
        assertEquals(11.5, b.status().offeredA());
        b.control(new ControlEvent.Lease(10, 60_000, 0));
        assertEquals("limited by energy manager 10 A", b.status().binding().describe());
        b.control(new ControlEvent.SetLimit(LimitSource.USER, -1));
        b.control(new ControlEvent.SetLimit(LimitSource.OCPP, -1));
        b.control(new ControlEvent.Lease(40, 60_000, 0));
        assertEquals("limited by cable 20 A", b.status().binding().describe());
        List<Notification.LimitChanged> changes = b.all(Notification.LimitChanged.class);
        assertEquals("limited by cable 20 A", changes.get(changes.size() - 1).limit().describe(), "every change is announced");
        b.assertSafe();
    }

    @Test
    void belowSixAmpsTheEvsePausesWithX1AndNeverShowsALowDuty() {
        Bench b = Bench.with(TAG_GOOD).charging("draw_power_regulated 16,3");
        long t = b.now();
        b.control(new ControlEvent.SetLimit(LimitSource.USER, 5.9));
        assertEquals(t, b.firstAt(t, pilot(PilotMode.X1)), "C2 -> C1 at once");
        b.after(3);
        assertEquals(EvseState.ChargingPausedEVSE, b.state());
        assertEquals(java.util.Set.of(PauseReason.NoEnergy), b.status().pauseReasons());
        assertTrue(b.records(o -> o instanceof BoardCommand.SetPilot p && p.mode() == PilotMode.PWM
                && p.dutyPercent() < 10).isEmpty(), "never a duty for less than 6 A");
        b.control(new ControlEvent.SetLimit(LimitSource.USER, 6));
        b.after(2);
        assertEquals(EvseState.Charging, b.state(), "resumes when 6 A is available again");
        assertTrue(b.firstAt(t, pwmDuty(10.0)) > t);
        b.assertSafe();
    }

    @Test
    void anExpiredLeaseFallsBackToTheFailsafeCurrent() {
        Bench b = Bench.with(TAG_GOOD).ready();
        b.control(new ControlEvent.Lease(16, 10_000, 0));
        b.ev("plugin; auth GOOD; draw_power_regulated 32,3");
        b.after(5);
        assertEquals(16.0, b.status().offeredA());
        b.after(6);
        assertEquals(EvseState.ChargingPausedEVSE, b.state(), "lease expired after 10 s: failsafe 0 A pauses");
        assertEquals("limited by energy manager 0 A", b.status().binding().describe());
        b.control(new ControlEvent.Lease(16, 10_000, 0));
        b.after(3);
        assertEquals(EvseState.Charging, b.state());
        b.assertSafe();
    }

    @Test
    void aWallClockJumpNeitherExpiresNorExtendsALease() {
        Bench b = Bench.with(TAG_GOOD).charging("draw_power_regulated 32,3");
        b.control(new ControlEvent.Lease(16, 10_000, 0));
        b.loop.virtualTime().jumpWall(3_600_000); // an NTP or OCPP time sync an hour ahead (EVerest #1068)
        b.after(5);
        assertEquals(16.0, b.status().offeredA(), "still valid 5 s later");
        b.loop.virtualTime().jumpWall(-7_200_000);
        b.after(6);
        assertEquals("limited by energy manager 0 A", b.status().binding().describe(), "expired on monotonic time");
        b.assertSafe();
    }

    @Test
    void theGapBetween51And52AndAHalfAmpsIsOfferedAs51() {
        Bench b = Bench.with(TAG_GOOD + "board:\n  sim:\n    max_current_A: 63\n    cable_rating_A: 63\nevse:\n  max_current_import_A: 63\n")
                .charging("draw_power_regulated 63,3");
        b.after(10);
        b.control(new ControlEvent.SetLimit(LimitSource.USER, 52));
        assertEquals(51.0, b.status().offeredA());
        assertEquals(85.0, b.status().dutyPercent());
        b.assertSafe();
    }

    @Test
    void theUkRandomDelayPostponesAStartButNeverAReduction() {
        Bench b = Bench.with(TAG_GOOD + "evse:\n  uk_smartcharging_random_delay_enable: true\n"
                + "  uk_smartcharging_random_delay_max_duration: 600\n", 7).ready();
        b.ev("plugin; auth GOOD; draw_power_regulated 32,3");
        b.after(1);
        assertEquals(EvseState.ChargingPausedEVSE, b.state(), "the start waits for the random delay");
        long start = b.now();
        b.after(601);
        long on = b.firstAt(start, powerOn());
        assertTrue(on > start, "charging started after the delay");
        long delay = on - start;
        assertTrue(delay < 601_000, "0..599 s, drawn from the seeded random source: " + delay);
        b.after(10);
        long cut = b.now();
        b.control(new ControlEvent.SetLimit(LimitSource.USER, 10));
        assertEquals(cut, b.firstAt(cut, pwmDuty(16.66)), "a reduction is never delayed (reg. 8: safety first)");
        b.assertSafe();
    }

    @Test
    void switchingFromThreeToOnePhaseStopsOpensWaitsSwitchesAndResumes() {
        Bench b = Bench.with(TAG_GOOD + "board:\n  sim:\n    phase_switching: true\nevse:\n  switch_3ph1ph_delay_s: 10\n")
                .charging("draw_power_regulated 16,3");
        b.after(5);
        long t = b.now();
        b.control(new ControlEvent.SwitchPhases(1));
        assertEquals(EvseState.SwitchPhases, b.state());
        assertEquals(t, b.firstAt(t, pilot(PilotMode.X1)), "1. stop: PWM off");
        b.after(30);
        long off = b.firstAt(t, powerOff());
        assertEquals(t + 1000, off, "2./3. the EV went to B (its reaction time), the contactor opened");
        long switched = b.firstAt(t, o -> o instanceof BoardCommand.SwitchPhases s && s.phases() == 1);
        assertEquals(off + 10_000, switched, "4. X1 held for switch_3ph1ph_delay_s, then the phases switch");
        assertEquals(switched, b.firstAt(off + 1, pilot(PilotMode.PWM)), "5. PWM again");
        assertTrue(b.firstAt(switched, powerOn()) > switched, "6. closed again when the EV asks");
        assertEquals(0, b.board.phaseSwitchesUnderLoad());
        assertEquals(1, b.status().phases());
        assertEquals(EvseState.Charging, b.state());
        b.assertSafe();
    }

    @Test
    void aBoardThatCannotSwitchWhileChargingRefusesTheSwitchDuringASession() {
        Bench b = Bench.with(TAG_GOOD).charging("draw_power_regulated 16,3");
        b.control(new ControlEvent.SwitchPhases(1));
        b.after(20);
        assertEquals(EvseState.Charging, b.state());
        assertTrue(b.records(o -> o instanceof BoardCommand.SwitchPhases).isEmpty());
        b.assertSafe();
    }
}
