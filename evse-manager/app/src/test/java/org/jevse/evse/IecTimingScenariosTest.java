package org.jevse.evse;

import static org.jevse.evse.Bench.TAG_GOOD;
import static org.jevse.evse.Bench.cp;
import static org.jevse.evse.Bench.errorRaised;
import static org.jevse.evse.Bench.pilot;
import static org.jevse.evse.Bench.powerOff;
import static org.jevse.evse.Bench.powerOn;
import static org.jevse.evse.Bench.pwmDuty;
import static org.jevse.evse.Bench.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jevse.board.port.BoardCommand;
import org.jevse.board.port.CpState;
import org.jevse.board.port.PilotMode;
import org.jevse.evse.core.ControlEvent;
import org.jevse.evse.core.ErrorCode;
import org.jevse.evse.core.EvseState;
import org.jevse.evse.core.LimitSource;
import org.junit.jupiter.api.Test;

/**
 * The rows of IEC 61851-1's timing requirements (Table A.6 and the sequences of Annex A) that apply to AC basic
 * charging, as far as the simulator expresses them. Times are virtual; "in the same event" means in the core step
 * of that board event.
 */
class IecTimingScenariosTest {

    @Test
    void row1_plugInStartsASessionAndPwmComesOnOnceAuthorized() {
        Bench b = Bench.with(TAG_GOOD).ready();
        b.ev("plugin; sleep 2; auth GOOD");
        assertEquals(EvseState.WaitingForAuthentication, b.state());
        assertEquals(PilotMode.X1, b.status().pilot(), "B1 until authorized");
        b.after(2.1);
        assertEquals(EvseState.PrepareCharging, b.state());
        assertTrue(b.firstAt(3000, pwmDuty(53.33)) >= 0, "B2 at 32 A");
        b.assertSafe();
    }

    @Test
    void row2_anEvThatGoesStraightFromAToCIsChargedInSimplifiedMode() {
        Bench b = Bench.with(TAG_GOOD + "evse:\n  hack_simplified_mode_limit_10A: true\n").ready();
        b.ev("draw_power_regulated 16,3; plugin; auth GOOD");
        b.after(0.5);
        assertEquals(EvseState.Charging, b.state());
        assertEquals(10.0, b.status().offeredA(), "hack_simplified_mode_limit_10A caps the PWM");
        assertEquals("limited by simplified mode 10 A", b.status().binding().describe());
        b.assertSafe();
    }

    @Test
    void row3_theContactorClosesInTheSameEventTheEvAsksForPower() {
        Bench b = Bench.with(TAG_GOOD).ready();
        b.ev("plugin; auth GOOD; sleep 1; draw_power_regulated 16,3");
        b.after(1.5);
        List<Object> step = b.stepOf(0, cp(CpState.C));
        assertTrue(step.stream().anyMatch(powerOn()), "power on in the step of CP C: " + step);
        assertEquals(b.firstAt(0, cp(CpState.C)), b.firstAt(0, powerOn()), "well within the 3 s of seq. 4");
        b.assertSafe();
    }

    @Test
    void row4_pwmIncreasesComeAtMostEveryFiveSecondsWhileReductionsApplyAtOnce() {
        Bench b = Bench.with(TAG_GOOD).charging("draw_power_regulated 32,3");
        b.after(10);
        long cut = b.now();
        b.control(new ControlEvent.SetLimit(LimitSource.USER, 10));
        assertEquals(cut, b.firstAt(cut, pwmDuty(16.66)), "a reduction goes out in the same step");
        b.after(1);
        long raise = b.now();
        b.control(new ControlEvent.SetLimit(LimitSource.USER, 20));
        assertEquals(10.0, b.status().offeredA(), "an increase waits");
        b.after(5);
        assertEquals(cut + 5000, b.firstAt(raise, pwmDuty(33.33)), "five seconds after the last change");
        assertEquals(20.0, b.status().offeredA());
        b.assertSafe();
    }

    @Test
    void row5_theContactorOpensInTheSameEventTheEvGoesBackToB() {
        Bench b = Bench.with(TAG_GOOD).charging("draw_power_regulated 16,3");
        b.after(5);
        long t = b.now();
        b.ev("pause");
        List<Object> step = b.stepOf(t, cp(CpState.B));
        assertTrue(step.stream().anyMatch(powerOff()), "IEC 61851-1 seq. 7/8.1: within 100 ms; here in the step of CP B");
        assertEquals(EvseState.ChargingPausedEV, b.state());
        assertEquals(PilotMode.PWM, b.status().pilot(), "PWM stays on while the EV pauses");
        b.assertSafe();
    }

    @Test
    void row6_unplugOpensTheContactorAndReturnsToX1() {
        Bench b = Bench.with(TAG_GOOD).charging("draw_power_regulated 16,3");
        b.after(5);
        long t = b.now();
        b.ev("unplug");
        List<Object> step = b.stepOf(t, cp(CpState.A));
        assertTrue(step.stream().anyMatch(powerOff()), "power off in the step of CP A: " + step);
        assertTrue(step.stream().anyMatch(pilot(PilotMode.X1)), "X1 in the same step");
        assertEquals(EvseState.Idle, b.state());
        b.assertSafe();
    }

    @Test
    void row7_aCompliantEvLeavesCAfterThePwmStopsAndTheContactorOpensThen() {
        Bench b = Bench.with(TAG_GOOD).charging("draw_power_regulated 16,3");
        b.after(5);
        long stop = b.now();
        b.control(new ControlEvent.Pause(true));
        assertEquals(stop, b.firstAt(stop, pilot(PilotMode.X1)), "C2 -> C1");
        assertTrue(b.status().contactorOn(), "the EV gets its time to stop drawing");
        b.after(2);
        long b1 = b.firstAt(stop, cp(CpState.B));
        assertEquals(stop + 1000, b1, "the simulated EV reacts after ev_reaction_ms (IEC: within 3 s)");
        assertEquals(b1, b.firstAt(stop, powerOff()), "and the contactor opens in that step, without load");
        assertEquals(EvseState.ChargingPausedEVSE, b.state());
        b.assertSafe();
    }

    @Test
    void row8_anEvThatStaysInCAfterThePwmStopsIsCutUnderLoadAfterSixSeconds() {
        Bench b = Bench.with(TAG_GOOD).charging("draw_power_fixed 16,3");
        b.after(5);
        long stop = b.now();
        b.control(new ControlEvent.Pause(true));
        b.after(5.999);
        assertTrue(b.status().contactorOn(), "not before 6 s");
        b.after(0.002);
        assertEquals(stop + 6000, b.firstAt(stop, powerOff()), "IEC 61851-1 Table A.6 seq. 10.2: 6 s");
        assertEquals(CpState.C, b.status().cp(), "the EV is still in C: opened under load");
        b.assertSafe();
    }

    @Test
    void row8_thePhoenixStyleThreeSecondTimeoutIsConfigurable() {
        Bench b = Bench.with(TAG_GOOD + "evse:\n  power_off_under_load_in_c1_timeout_ms: 3000\n")
                .charging("draw_power_fixed 16,3");
        long stop = b.now();
        b.control(new ControlEvent.Pause(true));
        b.after(4);
        assertEquals(stop + 3000, b.firstAt(stop, powerOff()));
        b.assertSafe();
    }

    @Test
    void row9_afterAnEvsePauseTheContactorClosesAgainWhenTheEvAsks() {
        Bench b = Bench.with(TAG_GOOD).charging("draw_power_regulated 16,3");
        b.control(new ControlEvent.Pause(true));
        b.after(3);
        assertEquals(EvseState.ChargingPausedEVSE, b.state());
        long resume = b.now();
        b.control(new ControlEvent.Pause(false));
        b.after(3);
        assertEquals(EvseState.Charging, b.state());
        assertEquals(resume + 1000, b.firstAt(resume, powerOn()), "PWM back at once, EV back in C after its reaction");
        b.assertSafe();
    }

    @Test
    void row10_aFaultWhileChargingHoldsStateFForThreeHundredMillisecondsThenX1() {
        Bench b = Bench.with(TAG_GOOD).charging("draw_power_regulated 16,3");
        b.after(5);
        long t = b.now();
        b.board.injectRcdTrip();
        b.settle();
        assertEquals(t, b.firstAt(t, powerOff()));
        assertEquals(t, b.firstAt(t, pilot(PilotMode.F)), "CX -> F");
        b.after(1);
        assertEquals(t + 300, b.firstAt(t, pilot(PilotMode.X1)), "F for state_F_after_fault_ms = 300, then X1");
        assertEquals(EvseState.Faulted, b.state());
        b.assertSafe();
    }

    @Test
    void row10_aFaultInB2GoesStraightToB1WithoutF() {
        Bench b = Bench.with(TAG_GOOD).ready();
        b.ev("plugin; auth GOOD");
        b.after(1);
        assertEquals(PilotMode.PWM, b.status().pilot());
        long t = b.now();
        b.board.injectRcdTrip();
        b.settle();
        assertEquals(t, b.firstAt(t, pilot(PilotMode.X1)));
        assertEquals(-1, b.firstAt(t, pilot(PilotMode.F)), "EVerest state_F_after_fault_ms: no F when the fault is in B2");
        b.assertSafe();
    }

    @Test
    void row10_stateFAfterFaultMsIsConfigurable() {
        Bench b = Bench.with(TAG_GOOD + "evse:\n  state_F_after_fault_ms: 1200\n").charging("draw_power_regulated 16,3");
        long t = b.now();
        b.board.injectRcdTrip();
        b.after(2);
        assertEquals(t + 1200, b.firstAt(t, pilot(PilotMode.X1)));
        b.assertSafe();
    }

    @Test
    void row12_theConnectorLocksInBAndUnlocksInAAndPowerWaitsForTheLock() {
        Bench b = Bench.with(TAG_GOOD + "board:\n  sim:\n    connector: socket\n    lock: true\n").ready();
        b.ev("plugin; auth GOOD; draw_power_regulated 16,3");
        long plug = b.now();
        assertTrue(b.stepOf(plug, cp(CpState.B)).stream().anyMatch(o -> o instanceof BoardCommand.Lock l && l.locked()),
                "IEC 61851-1:2019 D.6.5: locked in B");
        assertFalse(b.status().contactorOn(), "no power before the lock confirms");
        b.after(1);
        long on = b.firstAt(plug, powerOn());
        assertEquals(plug + 200, on, "after the lock (100 ms) and the RCD self-test (200 ms)");
        b.ev("pause; unplug");
        b.after(1);
        assertTrue(b.records(o -> o instanceof BoardCommand.Lock l && !l.locked()).size() >= 1, "unlocked in A");
        b.assertSafe();
    }

    @Test
    void row12_theLockStaysClosedThroughAWakeUpPulse() {
        Bench b = Bench.with(TAG_GOOD + "board:\n  sim:\n    connector: socket\n    lock: true\n").ready();
        b.ev("plugin; auth GOOD");
        b.after(60);
        assertTrue(b.records(pilot(PilotMode.F)).stream().anyMatch(r -> r.t() > 1000), "a wake-up pulse was sent");
        assertTrue(b.records(o -> o instanceof BoardCommand.Lock l && !l.locked()).stream().noneMatch(r -> r.t() > 1000),
                "the plugged connector was never unlocked");
        assertTrue(b.board.locked());
        b.assertSafe();
    }

    @Test
    void row13_anEvThatSitsInB2GetsOneFourSecondWakeUpPulseAfterThirtySeconds() {
        Bench b = Bench.with(TAG_GOOD).ready();
        b.ev("plugin; auth GOOD");
        b.after(60);
        long pwm = b.firstAt(0, pilot(PilotMode.PWM));
        List<Bench.Rec> fs = b.records(pilot(PilotMode.F)).stream().filter(r -> r.t() > pwm).toList();
        assertEquals(1, fs.size(), "one pulse per session");
        assertEquals(pwm + 30_000, fs.get(0).t(), "IEC 61851-1 A.5.3: after 30 s in B2");
        assertEquals(pwm + 34_000, b.firstAt(pwm + 30_001, pilot(PilotMode.PWM)), "T_step_EF = 4 s, then PWM again");
        assertEquals(pwm + 44_000, b.firstAt(0, state(EvseState.ChargingPausedEV)), "EVerest: PausedEV 10 s later");
        b.assertSafe();
    }

    @Test
    void row13_anEvWokenByThePulseStartsCharging() {
        Bench b = Bench.with(TAG_GOOD).ready();
        b.ev("plugin; auth GOOD; sleep 35; draw_power_regulated 16,3");
        b.after(40);
        assertEquals(EvseState.Charging, b.state());
        b.assertSafe();
    }

    @Test
    void row16_aMissingPowerOffFeedbackIsALatchedWeldingFault() {
        Bench b = Bench.with(TAG_GOOD).charging("draw_power_regulated 16,3");
        b.board.weldOnNextOpen();
        long t = b.now();
        b.ev("pause");
        b.after(1);
        assertEquals(t + 250, b.firstAt(t, errorRaised(ErrorCode.MREC17EVSEContactorFault)),
                "contactor_feedback_timeout_ms = 250 after the open command");
        b.ev("unplug; sleep 1; plugin; draw_power_regulated 16,3; auth GOOD");
        b.after(60);
        assertEquals(1, b.records(powerOn()).size(), "never closed again: the fault is latched");
        assertTrue(b.status().errors().stream().anyMatch(e -> e.code() == ErrorCode.MREC17EVSEContactorFault));
        b.assertSafe();
    }
}
