package org.jevse.board.sim;

/**
 * One command of an EV script. The words follow EVerest's car simulator (EvManager) where it has one, plus our
 * own fault injections. Script-flow commands ({@link Sleep}, {@link IecWaitPwrReady}, {@link Auth}) are run by
 * {@link EvScriptRunner}; every other command is an {@link EvAction} that acts on the car or the board at once.
 */
public sealed interface EvCommand {

    /** A command that changes the car or the board at once, with no waiting. */
    sealed interface EvAction extends EvCommand {
        void applyTo(SimulatedBoard board);
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
    record Plugin() implements EvAction {
        @Override
        public void applyTo(SimulatedBoard board) {
            board.plugin();
        }
    }

    /** {@code unplug}: the cable comes out; the pilot shows A. Clears the car's injected CP faults. */
    record Unplug() implements EvAction {
        @Override
        public void applyTo(SimulatedBoard board) {
            board.unplug();
        }
    }

    /** {@code draw_power_regulated A,PHASES}: a well-behaved car that draws min(A, the PWM's current). */
    record DrawPowerRegulated(double amps, int phases) implements EvAction {
        @Override
        public void applyTo(SimulatedBoard board) {
            board.drawPowerRegulated(amps, phases);
        }
    }

    /** {@code draw_power_fixed A,PHASES}: a non-compliant car that draws A whatever the PWM says, and ignores PWM stops. */
    record DrawPowerFixed(double amps, int phases) implements EvAction {
        @Override
        public void applyTo(SimulatedBoard board) {
            board.drawPowerFixed(amps, phases);
        }
    }

    /** {@code pause}: the car opens S2 (back to B) and stops drawing. */
    record Pause() implements EvAction {
        @Override
        public void applyTo(SimulatedBoard board) {
            board.pause();
        }
    }

    /** {@code error_e}: CP shorted to PE, the board sees E (0 V). */
    record ErrorE() implements EvAction {
        @Override
        public void applyTo(SimulatedBoard board) {
            board.errorE();
        }
    }

    /** {@code diode_fail}: the car's CP diode is shorted. */
    record DiodeFail() implements EvAction {
        @Override
        public void applyTo(SimulatedBoard board) {
            board.diodeFail();
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
    record Overdraw(double amps) implements EvAction {
        @Override
        public void applyTo(SimulatedBoard board) {
            board.overdraw(amps);
        }
    }

    /** {@code ventilation on|off}: the car asks for state D instead of C. */
    record Ventilation(boolean on) implements EvAction {
        @Override
        public void applyTo(SimulatedBoard board) {
            board.ventilation(on);
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
