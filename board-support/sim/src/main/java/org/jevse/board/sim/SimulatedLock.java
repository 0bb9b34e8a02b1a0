package org.jevse.board.sim;

import java.util.Objects;
import java.util.function.Consumer;
import org.jevse.board.port.BoardEvent;
import org.jevse.board.time.Scheduler;

/**
 * The simulated connector lock: the motor runs for {@link SimulatedBoard#LOCK_MS}, then the position switch reports
 * where the lock is: where it was told to go, or (with a {@link LockFault}) where it stuck. Without a lock fitted
 * ({@code lock = false}) it ignores its commands.
 */
final class SimulatedLock {

    private final boolean fitted;
    private final Scheduler scheduler;
    private final Consumer<BoardEvent> emit;

    private boolean locked;
    private LockFault fault = LockFault.NONE;

    SimulatedLock(boolean fitted, Scheduler scheduler, Consumer<BoardEvent> emit) {
        this.fitted = fitted;
        this.scheduler = scheduler;
        this.emit = emit;
    }

    void lock(boolean lock) {
        if (!fitted) {
            return;
        }
        scheduler.schedule(SimulatedBoard.LOCK_MS, () -> {
            if (fault == LockFault.SILENT) {
                return;
            }
            if (fault == LockFault.NONE) {
                locked = lock;
            }
            emit.accept(new BoardEvent.LockFeedback(locked));
        });
    }

    /** How the lock misbehaves from now on ({@link LockFault#NONE} repairs it). */
    void fault(LockFault fault) {
        if (!fitted) {
            throw new IllegalStateException("no lock fitted (lock = false)");
        }
        this.fault = Objects.requireNonNull(fault, "fault");
    }

    boolean locked() {
        return locked;
    }
}
