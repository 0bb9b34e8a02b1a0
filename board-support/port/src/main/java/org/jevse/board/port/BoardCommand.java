package org.jevse.board.port;

/**
 * Everything the core asks of a board. Commands are values so that the core stays pure: it returns them, and
 * the runtime hands them to the board with {@link #applyTo(BoardSupport)}.
 */
public sealed interface BoardCommand {

    void applyTo(BoardSupport board);

    /** Drive the pilot: PWM with a duty cycle in percent, X1 (+12 V) or F (-12 V). */
    record SetPilot(PilotMode mode, double dutyPercent) implements BoardCommand {
        public static SetPilot pwm(double dutyPercent) {
            return new SetPilot(PilotMode.PWM, dutyPercent);
        }

        public static final SetPilot X1 = new SetPilot(PilotMode.X1, 100);
        public static final SetPilot F = new SetPilot(PilotMode.F, 0);

        @Override
        public void applyTo(BoardSupport board) {
            switch (mode) {
                case PWM -> board.pilotPwm(dutyPercent);
                case X1 -> board.pilotX1();
                case F -> board.pilotF();
            }
        }
    }

    /** Allow or forbid the contactor. "If false, the relay must never be switched on" (EVerest BSP contract). */
    record AllowPower(boolean on, PowerReason reason) implements BoardCommand {
        @Override
        public void applyTo(BoardSupport board) {
            board.allowPower(on, reason);
        }
    }

    /** Switch between 1 and 3 phases; only ever sent while the contactor is open. */
    record SwitchPhases(int phases) implements BoardCommand {
        @Override
        public void applyTo(BoardSupport board) {
            board.switchPhases(phases);
        }
    }

    /** Threshold for the board's fast hardware over-current trip, with margin; not derived from the PWM. */
    record SetOverCurrentLimit(double amps) implements BoardCommand {
        @Override
        public void applyTo(BoardSupport board) {
            board.setOverCurrentLimit(amps);
        }
    }

    /** Lock or unlock the connector. */
    record Lock(boolean locked) implements BoardCommand {
        @Override
        public void applyTo(BoardSupport board) {
            board.lockConnector(locked);
        }
    }

    /** Run the RCD self-test; the board answers with {@link BoardEvent.RcdSelfTestResult}. */
    record RcdSelfTest() implements BoardCommand {
        @Override
        public void applyTo(BoardSupport board) {
            board.rcdSelfTest();
        }
    }

    /** Re-arm a tripped RCD where the hardware can. */
    record RcdReset() implements BoardCommand {
        @Override
        public void applyTo(BoardSupport board) {
            board.rcdReset();
        }
    }
}
