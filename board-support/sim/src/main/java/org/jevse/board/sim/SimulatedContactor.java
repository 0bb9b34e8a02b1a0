package org.jevse.board.sim;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jevse.board.time.Scheduler;

/**
 * The simulated board's main contactor: its contacts follow the command after {@code relay_delay_ms}, may weld, and
 * are held open by a tripped RCD. Each movement of the contacts is reported to the board, which updates the line
 * and lets the mirror contact speak.
 */
final class SimulatedContactor {

    private final Scheduler scheduler;
    private final long delayMs;
    private final BooleanSupplier heldOpen;
    private final Consumer<Boolean> moved;

    private boolean commanded;
    private boolean closed;
    private boolean weldPending;
    private boolean welded;
    private Scheduler.Timer timer;

    /**
     * @param heldOpen true while something in hardware keeps the contacts from closing (a tripped RCD)
     * @param moved    told the new position each time the contacts move
     */
    SimulatedContactor(Scheduler scheduler, long delayMs, BooleanSupplier heldOpen, Consumer<Boolean> moved) {
        this.scheduler = scheduler;
        this.delayMs = delayMs;
        this.heldOpen = heldOpen;
        this.moved = moved;
    }

    /** The command (allowPower); the contacts follow after the delay. */
    void command(boolean on) {
        commanded = on;
        follow();
    }

    /** Moves the contacts to the commanded position after the delay (again, after the RCD is re-armed). */
    void follow() {
        cancelTimer();
        boolean close = commanded;
        if (close != closed) {
            timer = scheduler.schedule(delayMs, () -> {
                timer = null;
                move(close);
            });
        }
    }

    /** Opens the contacts at once, without waiting for the command: the RCD's hardware trip. */
    void openNow() {
        cancelTimer();
        move(false);
    }

    /** The contacts weld the next time they open: they stay closed, and the mirror contact sends no PowerOff. */
    void weldOnNextOpen() {
        weldPending = true;
    }

    boolean commanded() {
        return commanded;
    }

    boolean closed() {
        return closed;
    }

    boolean welded() {
        return welded;
    }

    void close() {
        cancelTimer();
    }

    private void move(boolean close) {
        if (close == closed) {
            return;
        }
        if (close && heldOpen.getAsBoolean()) {
            return; // the RCD holds the contactor open until it is re-armed
        }
        if (!close && (weldPending || welded)) {
            weldPending = false;
            welded = true; // the contacts stay closed, so the mirror contact never reports PowerOff
            return;
        }
        closed = close;
        moved.accept(close);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }
}
