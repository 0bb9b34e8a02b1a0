package org.jevse.board.sim;

/**
 * One command of an EV script. The words follow EVerest's car simulator (EvManager) where it has one, plus our
 * own fault injections. Script-flow commands ({@link Sleep}, {@link IecWaitPwrReady}, {@link Auth}) are run by
 * {@link EvScriptRunner}; every other command is an {@link EvAction} that acts at once: a {@link CarAction} on the car
 * ({@link SimulatedEv}), the rest (residual current, weld, meter, PP resistor) on the board.
 */
public sealed interface EvCommand {

    /** A command that changes the car or the board at once, with no waiting. */
    sealed interface EvAction extends EvCommand {
        void applyTo(SimulatedBoard board);
    }

    /** A word that changes the car itself; the car tells its board, which re-reads the pilot circuit. */
    sealed interface CarAction extends EvAction {
        void applyTo(SimulatedEv ev);

        @Override
        default void applyTo(SimulatedBoard board) {
            applyTo(board.ev());
        }
    }

    /** {@code sleep S}: wait S seconds of (simulated) time before the next command. */
    record Sleep(double seconds) implements EvCommand {
        public long millis() {
            return Math.round(seconds * 1000);
        }
    }

    /** {@code iec_wait_pwr_ready}: wait until the pilot shows a PWM that offers current (8 % to below 97 %). */
    record IecWaitPwrReady() implements EvCommand {
    }

    /** {@code auth TAG}: the driver presents an RFID card. */
    record Auth(String tag) implements EvCommand {
    }

    /** {@code plugin}: the cable goes in; the car shows B (2.74 kOhm). */
    record Plugin() implements CarAction {
        @Override
        public void applyTo(SimulatedEv ev) {
            ev.plugin();
        }
    }

    /** {@code unplug}: the cable comes out; the pilot shows A. Clears the car's injected CP faults. */
    record Unplug() implements CarAction {
        @Override
        public void applyTo(SimulatedEv ev) {
            ev.unplug();
        }
    }

    /** {@code draw_power_regulated A,PHASES}: a well-behaved car that draws min(A, the PWM's current). */
    record DrawPowerRegulated(double amps, int phases) implements CarAction {
        @Override
        public void applyTo(SimulatedEv ev) {
            ev.drawPowerRegulated(amps, phases);
        }
    }

    /** {@code draw_power_fixed A,PHASES}: a non-compliant car that draws A whatever the PWM says, and ignores PWM stops. */
    record DrawPowerFixed(double amps, int phases) implements CarAction {
        @Override
        public void applyTo(SimulatedEv ev) {
            ev.drawPowerFixed(amps, phases);
        }
    }

    /** {@code pause}: the car opens S2 (back to B) and stops drawing. */
    record Pause() implements CarAction {
        @Override
        public void applyTo(SimulatedEv ev) {
            ev.pause();
        }
    }

    /** {@code error_e}: CP shorted to PE, the board sees E (0 V). */
    record ErrorE() implements CarAction {
        @Override
        public void applyTo(SimulatedEv ev) {
            ev.errorE();
        }
    }

    /** {@code diode_fail}: the car's CP diode is shorted. */
    record DiodeFail() implements CarAction {
        @Override
        public void applyTo(SimulatedEv ev) {
            ev.diodeFail();
        }
    }

    /** {@code rcd_current MA}: smooth DC residual current in mA. */
    record RcdCurrent(double milliamps) implements EvAction {
        @Override
        public void applyTo(SimulatedBoard board) {
            board.rcdCurrent(milliamps);
        }
    }

    /** {@code overdraw A}: the car draws A whatever the PWM offers, but still leaves C when the PWM stops. */
    record Overdraw(double amps) implements CarAction {
        @Override
        public void applyTo(SimulatedEv ev) {
            ev.overdraw(amps);
        }
    }

    /** {@code ventilation on|off}: the car asks for state D instead of C. */
    record Ventilation(boolean on) implements CarAction {
        @Override
        public void applyTo(SimulatedEv ev) {
            ev.ventilation(on);
        }
    }

    /** {@code weld}: the contactor welds the next time it opens. */
    record Weld() implements EvAction {
        @Override
        public void applyTo(SimulatedBoard board) {
            board.weldOnNextOpen();
        }
    }

    /** {@code meter_fail}: the powermeter stops answering. */
    record MeterFail() implements EvAction {
        @Override
        public void applyTo(SimulatedBoard board) {
            board.meterFail(true);
        }
    }

    /** {@code pp OHMS}: the proximity-pilot resistor of the plugged cable. */
    record Pp(double ohms) implements EvAction {
        @Override
        public void applyTo(SimulatedBoard board) {
            board.pp(ohms);
        }
    }
}
