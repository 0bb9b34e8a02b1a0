package org.jevse.board.sim;

import java.util.function.Consumer;
import org.jevse.board.port.BoardEvent;
import org.jevse.board.port.RcdFault;
import org.jevse.board.time.Scheduler;

/**
 * The simulated board's residual current device (IEC 62955 RDC-DD): it trips at {@link SimulatedBoard#RCD_TRIP_MA}
 * of smooth DC residual current and opens the contactor in hardware, answers self-tests, and is re-armed by a reset.
 * Without an RCD fitted ({@code rcd = false}) it never trips and ignores its commands.
 */
final class SimulatedRcd {

    private final boolean fitted;
    private final Scheduler scheduler;
    private final Consumer<BoardEvent> emit;
    private final SimulatedContactor contactor;

    private double residualCurrentMa;
    private boolean tripped;
    private boolean failNextSelfTest;

    SimulatedRcd(boolean fitted, Scheduler scheduler, Consumer<BoardEvent> emit, SimulatedContactor contactor) {
        this.fitted = fitted;
        this.scheduler = scheduler;
        this.emit = emit;
        this.contactor = contactor;
    }

    /** Smooth DC residual current; at the threshold or more a fitted RCD trips (once, until reset). */
    void current(double milliamps) {
        if (!(milliamps >= 0)) {
            throw new IllegalArgumentException("residual current must be >= 0 mA, got " + milliamps);
        }
        residualCurrentMa = milliamps;
        if (fitted && !tripped && milliamps >= SimulatedBoard.RCD_TRIP_MA) {
            trip();
        }
    }

    /** A trip with whatever residual current flows now (a nuisance trip if none does). */
    void injectTrip() {
        requireFitted();
        if (!tripped) {
            trip();
        }
    }

    void failNextSelfTest() {
        requireFitted();
        failNextSelfTest = true;
    }

    /** The board's rcdSelfTest: the result follows after {@link SimulatedBoard#RCD_SELF_TEST_MS}. */
    void selfTest() {
        if (!fitted) {
            return;
        }
        boolean passes = !failNextSelfTest;
        failNextSelfTest = false;
        scheduler.schedule(SimulatedBoard.RCD_SELF_TEST_MS, () -> emit.accept(new BoardEvent.RcdSelfTestResult(passes)));
    }

    /**
     * Re-arms a tripped RCD. With the residual current still at or above the threshold it trips again at once,
     * as a breaker reset onto a fault does, and says so with another RcdTripped.
     */
    void reset() {
        if (!fitted || !tripped) {
            return;
        }
        if (residualCurrentMa >= SimulatedBoard.RCD_TRIP_MA) {
            emit.accept(new BoardEvent.RcdTripped(RcdFault.DC, residualCurrentMa));
            return;
        }
        tripped = false;
        contactor.follow(); // the contactor obeys its command again
    }

    boolean tripped() {
        return tripped;
    }

    double residualCurrentMa() {
        return residualCurrentMa;
    }

    /**
     * The RCD opens the contactor in hardware at once, without waiting for software (EVerest ac_rcd: "emergency
     * switch off is done in HW directly"). RcdTripped goes first so that the core does not take the PowerOff
     * that follows for an unexplained contactor opening.
     */
    private void trip() {
        tripped = true;
        emit.accept(new BoardEvent.RcdTripped(RcdFault.DC, residualCurrentMa));
        contactor.openNow();
    }

    private void requireFitted() {
        if (!fitted) {
            throw new IllegalStateException("no RCD fitted (rcd = false)");
        }
    }
}
