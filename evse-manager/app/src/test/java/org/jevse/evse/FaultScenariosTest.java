package org.jevse.evse;

import static org.jevse.evse.Bench.TAG_GOOD;
import static org.jevse.evse.Bench.cp;
import static org.jevse.evse.Bench.errorCleared;
import static org.jevse.evse.Bench.errorRaised;
import static org.jevse.evse.Bench.powerOff;
import static org.jevse.evse.Bench.powerOn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jevse.board.port.BoardCommand;
import org.jevse.board.port.BoardEvent;
import org.jevse.board.port.CpState;
import org.jevse.evse.core.ControlEvent;
import org.jevse.evse.core.ErrorCode;
import org.jevse.evse.core.EvseState;
import org.jevse.evse.core.LimitSource;
import org.junit.jupiter.api.Test;

/** Faults: each cuts power at once, is typed, and is cleared by the rule that fits it. */
class FaultScenariosTest {

    static final String OFFER_16A = "evse:\n  max_current_import_A: 16\n";

    // ---- RCD ----

    @Test
    void anRcdTripCutsPowerInTheSameEventAndClearsOnUnplugByDefault() {
        Bench b = Bench.with(TAG_GOOD).charging("draw_power_regulated 16,3");
        long t = b.now();
        b.ev("rcd_current 8");
        List<Object> step = b.stepOf(t, o -> o instanceof BoardEvent.RcdTripped);
        assertTrue(step.stream().anyMatch(powerOff()), "power off in the step of the trip: " + step);
        assertEquals(EvseState.Faulted, b.state());
        b.ev("rcd_current 0; unplug");
        b.after(1); // the pilot shows F for 300 ms; the unplug is seen once it is back at X1
        assertTrue(b.firstAt(t, errorCleared(ErrorCode.MREC2GroundFailure)) > 0, "rcd_reset: unplug");
        assertTrue(b.records(o -> o instanceof BoardCommand.RcdReset).size() == 1, "the RCD is re-armed");
        b.ev("plugin; auth GOOD; draw_power_regulated 16,3");
        b.after(1);
        assertEquals(EvseState.Charging, b.state());
        b.assertSafe();
    }

    @Test
    void underManualResetAnRcdTripSurvivesUnplugUntilReset() {
        Bench b = Bench.with(TAG_GOOD + "evse:\n  rcd_reset: manual\n").charging("draw_power_regulated 16,3");
        b.board.injectRcdTrip();
        b.ev("unplug; sleep 1; plugin; auth GOOD; draw_power_regulated 16,3");
        b.after(5);
        assertEquals(1, b.records(powerOn()).size(), "no automatic reclosing (UK, DK, FR, CH)");
        assertEquals(EvseState.Faulted, b.state());
        b.control(new ControlEvent.ResetFaults());
        b.after(1);
        assertEquals(EvseState.Charging, b.state(), "after the reset the waiting session resumes");
        b.assertSafe();
    }

    @Test
    void theRcdSelfTestRunsBeforeEachSession() {
        Bench b = Bench.with(TAG_GOOD).ready();
        b.ev("plugin; auth GOOD; draw_power_regulated 16,3; sleep 5; unplug; sleep 2; plugin");
        b.after(10);
        assertEquals(2, b.records(o -> o instanceof BoardCommand.RcdSelfTest).size());
        b.assertSafe();
    }

    @Test
    void aFailedRcdSelfTestIsLatchedAndNothingCharges() {
        Bench b = Bench.with(TAG_GOOD).ready();
        b.board.failNextSelfTest();
        b.ev("plugin; auth GOOD; draw_power_regulated 16,3; sleep 5; unplug; sleep 1; plugin; auth GOOD; draw_power_regulated 16,3");
        b.after(10);
        assertTrue(b.firstAt(0, errorRaised(ErrorCode.RcdSelftest)) > 0);
        assertEquals(0, b.records(powerOn()).size(), "the RCD is broken until someone resets it");
        b.assertSafe();
    }

    // ---- welding ----

    @Test
    void afterAWeldingFaultAResetAllowsChargingAgain() {
        Bench b = Bench.with(TAG_GOOD).charging("draw_power_regulated 16,3");
        b.board.weldOnNextOpen();
        b.ev("pause");
        b.after(1);
        b.control(new ControlEvent.ResetFaults());
        b.ev("draw_power_regulated 16,3");
        b.after(2);
        assertEquals(2, b.records(powerOn()).size(), "closed again only after the reset");
        b.assertSafe();
    }

    // ---- pilot faults ----

    @Test
    void aShortedDiodeCutsPowerAndClearsOnUnplug() {
        Bench b = Bench.with(TAG_GOOD).charging("draw_power_regulated 16,3");
        long t = b.now();
        b.ev("diode_fail");
        assertTrue(b.stepOf(t, o -> o instanceof BoardEvent.DiodeFault).stream().anyMatch(powerOff()));
        assertEquals(EvseState.Faulted, b.state());
        b.ev("unplug");
        b.after(1);
        assertTrue(b.firstAt(t, errorCleared(ErrorCode.DiodeFault)) > 0);
        assertEquals(EvseState.Idle, b.state());
        b.assertSafe();
    }

    @Test
    void aShortedPilotIsStateEAndAPilotFault() {
        Bench b = Bench.with(TAG_GOOD).charging("draw_power_regulated 16,3");
        long t = b.now();
        b.ev("error_e");
        assertTrue(b.stepOf(t, cp(CpState.E)).stream().anyMatch(powerOff()));
        assertTrue(b.firstAt(t, errorRaised(ErrorCode.MREC14PilotFault)) >= 0);
        b.assertSafe();
    }

    // ---- ventilation ----

    @Test
    void stateDWithoutVentilationIsAnErrorAndNeverPowers() {
        Bench b = Bench.with(TAG_GOOD + "evse:\n  has_ventilation: false\n").ready();
        b.ev("plugin; ventilation on; auth GOOD; draw_power_regulated 16,3");
        b.after(5);
        assertTrue(b.firstAt(0, errorRaised(ErrorCode.VentilationNotAvailable)) >= 0);
        assertEquals(0, b.records(powerOn()).size());
        b.assertSafe();
    }

    @Test
    void stateDWithVentilationCharges() {
        Bench b = Bench.with(TAG_GOOD + "evse:\n  has_ventilation: true\n").ready();
        b.ev("plugin; ventilation on; auth GOOD; draw_power_regulated 16,3");
        b.after(2);
        assertEquals(CpState.D, b.status().cp());
        assertEquals(EvseState.Charging, b.state());
        b.assertSafe();
    }

    @Test
    void switchingToDWithoutVentilationWhileChargingCutsPowerInThatEvent() {
        Bench b = Bench.with(TAG_GOOD + "evse:\n  has_ventilation: false\n").charging("draw_power_regulated 16,3");
        long t = b.now();
        b.ev("ventilation on");
        assertTrue(b.stepOf(t, cp(CpState.D)).stream().anyMatch(powerOff()));
        b.assertSafe();
    }

    // ---- proximity pilot ----

    @Test
    void aSocketCableOf680OhmLimitsTheCurrentTo20A() {
        Bench b = Bench.with(TAG_GOOD + "board:\n  sim:\n    connector: socket\n").ready();
        b.ev("pp 680; plugin; auth GOOD; draw_power_regulated 32,3");
        b.after(2);
        assertEquals(20.0, b.status().offeredA());
        assertEquals("limited by cable 20 A", b.status().binding().describe());
        b.assertSafe();
    }

    @Test
    void aShortedPpIsAProximityFaultAndNothingIsOffered() {
        Bench b = Bench.with(TAG_GOOD + "board:\n  sim:\n    connector: socket\n").ready();
        b.ev("pp 50; plugin; auth GOOD; draw_power_regulated 32,3");
        b.after(2);
        assertTrue(b.firstAt(0, errorRaised(ErrorCode.MREC23ProximityFault)) >= 0);
        assertEquals(0, b.records(powerOn()).size());
        b.assertSafe();
    }

    @Test
    void aSocketWithoutACableRatingWaitsInsteadOfCharging() {
        Bench b = Bench.with(TAG_GOOD + "board:\n  sim:\n    connector: socket\n").ready();
        b.ev("pp 3000; plugin; auth GOOD; draw_power_regulated 32,3");
        b.after(5);
        assertEquals(EvseState.WaitingForAuthentication, b.state(), "EVerest waits for a PP ampacity");
        assertEquals(0, b.records(powerOn()).size());
        b.assertSafe();
    }

    // ---- powermeter ----

    @Test
    void meterErrorsMakeTheEvseInoperativeAndChargingResumesWhenTheMeterReadsAgain() {
        Bench b = Bench.with(TAG_GOOD).charging("draw_power_regulated 16,3");
        long t = b.now();
        b.ev("meter_fail");
        b.after(1.5);
        long raised = b.firstAt(t, errorRaised(ErrorCode.PowermeterCommunicationFault));
        assertTrue(raised > 0);
        assertEquals(raised, b.firstAt(t, powerOff()), "fail_on_powermeter_errors: power off with the error");
        b.board.meterFail(false);
        b.after(3);
        assertTrue(b.firstAt(t, errorCleared(ErrorCode.PowermeterCommunicationFault)) > raised);
        assertEquals(EvseState.Charging, b.state());
        b.assertSafe();
    }

    @Test
    void withoutFailOnPowermeterErrorsAMeterFaultIsReportedButChargingGoesOn() {
        Bench b = Bench.with(TAG_GOOD + "evse:\n  fail_on_powermeter_errors: false\n").charging("draw_power_regulated 16,3");
        long t = b.now();
        b.ev("meter_fail");
        b.after(3);
        assertTrue(b.firstAt(t, errorRaised(ErrorCode.PowermeterCommunicationFault)) > 0);
        assertEquals(EvseState.Charging, b.state());
        b.assertSafe();
    }

    @Test
    void startUpWaitsForTheFirstMeterValueUpToTheInitialTimeout() {
        Bench b = Bench.with(TAG_GOOD + "evse:\n  initial_meter_value_timeout_ms: 3000\n");
        b.board.meterFail(true);
        b.start();
        b.at(2.9);
        assertEquals(EvseState.Disabled, b.state(), "not ready without a meter value");
        assertEquals(1000, b.firstAt(0, errorRaised(ErrorCode.PowermeterCommunicationFault)), "its first failed read");
        b.at(3.0);
        assertEquals(EvseState.Faulted, b.state(), "ready after the timeout, but inoperative while the meter fails");
        b.assertSafe();
    }

    // ---- soft over-current ----

    @Test
    void anEvDrawingMoreThanOfferedForSevenSecondsIsAnOverCurrentFailure() {
        Bench b = Bench.with(TAG_GOOD + OFFER_16A).charging("draw_power_regulated 16,3");
        b.after(5);
        long t = b.now();
        b.ev("overdraw 19"); // 19 A > (16 + 0.5) x 1.1 = 18.15 A
        b.after(12);
        long raised = b.firstAt(t, errorRaised(ErrorCode.MREC4OverCurrentFailure));
        // The EV reacts at once to overdraw; the meter sees it on its next 1 s reading.
        assertTrue(raised >= t + 7000 && raised <= t + 8000, "raised at " + (raised - t) + " ms");
        assertEquals(raised, b.firstAt(t, powerOff()));
        b.ev("unplug");
        b.after(1);
        assertTrue(b.firstAt(t, errorCleared(ErrorCode.MREC4OverCurrentFailure)) > 0, "cleared on unplug");
        b.assertSafe();
    }

    @Test
    void drawingWithinTheToleranceIsNoOverCurrent() {
        Bench b = Bench.with(TAG_GOOD + OFFER_16A).charging("draw_power_regulated 16,3");
        b.ev("overdraw 18"); // below 18.15 A
        b.after(30);
        assertEquals(-1, b.firstAt(0, errorRaised(ErrorCode.MREC4OverCurrentFailure)));
        b.assertSafe();
    }

    @Test
    void aReductionGivesTheEvItsReactionTimeBeforeOverCurrentCounts() {
        Bench b = Bench.with(TAG_GOOD + "board:\n  sim:\n    ev_reaction_ms: 4500\n").charging("draw_power_regulated 32,3");
        b.after(10);
        b.control(new ControlEvent.SetLimit(LimitSource.USER, 8));
        b.after(30);
        assertEquals(-1, b.firstAt(0, errorRaised(ErrorCode.MREC4OverCurrentFailure)),
                "the reference is the highest current signalled in the last 5 s");
        assertTrue(b.status().drawnA() <= 8.0);
        b.assertSafe();
    }

    @Test
    void theHardwareOverCurrentLimitIsSetWithAMargin() {
        Bench b = Bench.with(TAG_GOOD + "evse:\n  max_current_import_A: 16\n").ready();
        List<Bench.Rec> limits = b.records(o -> o instanceof BoardCommand.SetOverCurrentLimit);
        assertFalse(limits.isEmpty());
        assertEquals(22.0, ((BoardCommand.SetOverCurrentLimit) limits.get(limits.size() - 1).what()).amps(),
                "16 A x 1.25 + 2 A");
        b.assertSafe();
    }
}
