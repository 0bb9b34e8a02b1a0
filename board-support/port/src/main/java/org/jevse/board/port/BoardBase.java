package org.jevse.board.port;

import java.util.Objects;

/**
 * What the boards that raise their own events share: capabilities fixed at construction, the listener and the
 * start-once of their {@link BoardEvents}, and the three pilot commands as one {@link #pilot(PilotMode, double)}.
 */
public abstract class BoardBase implements BoardSupport {

    protected final HardwareCapabilities capabilities;
    protected final BoardEvents events = new BoardEvents();

    protected BoardBase(HardwareCapabilities capabilities) {
        this.capabilities = Objects.requireNonNull(capabilities, "capabilities");
    }

    @Override
    public final HardwareCapabilities capabilities() {
        return capabilities;
    }

    @Override
    public final void setListener(BoardEventListener listener) {
        events.setListener(listener);
    }

    /** The first call reports the board's state as it is now ({@link #started()}); later calls do nothing. */
    @Override
    public final void start() {
        if (events.start()) {
            started();
        }
    }

    /** Reports the board's state as it is now and starts its timing work; called once, by {@link #start()}. */
    protected abstract void started();

    @Override
    public final void pilotPwm(double dutyPercent) {
        BoardSupport.requireDuty(dutyPercent);
        pilot(PilotMode.PWM, dutyPercent);
    }

    @Override
    public final void pilotX1() {
        pilot(PilotMode.X1, 100);
    }

    @Override
    public final void pilotF() {
        pilot(PilotMode.F, 0);
    }

    /** Drives the pilot: X1 is a duty cycle of 100 %, F of 0 %, PWM its duty cycle (already checked). */
    protected abstract void pilot(PilotMode mode, double dutyPercent);
}
