package org.jevse.ocpp.session;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.jevse.board.time.Scheduler;

/**
 * The hand-off of received frames from the transport's reader thread to the charge point's thread, bounded: at most
 * {@link #IN_FLIGHT} frames wait to be handled, and the reader blocks while they do, so a CSMS that sends faster
 * than its frames are handled fills its own socket buffers (TCP flow control) instead of this process's heap. A
 * CSMS that keeps to OCPP-J 1.6 §4.1.1 (one CALL outstanding per direction) has at most two frames in flight here
 * and never waits.
 */
final class InboundFrames {
    static final int IN_FLIGHT = 4;
    /** A charge point thread that takes no frame for this long is stuck or stopped: the frame is dropped. */
    static final long GIVE_UP_MS = 10_000;
    private static final Logger LOG = Logger.getLogger(InboundFrames.class.getName());

    private final Semaphore slots = new Semaphore(IN_FLIGHT);
    private final Scheduler sched;

    InboundFrames(Scheduler sched) {
        this.sched = sched;
    }

    /** Called on the reader thread: waits for a free slot, then has {@code handle} run on the charge point's thread. */
    void hand(Runnable handle) {
        try {
            if (!slots.tryAcquire(GIVE_UP_MS, TimeUnit.MILLISECONDS)) {
                LOG.warning("a frame from the CSMS was dropped: the charge point handled none for "
                        + GIVE_UP_MS / 1000 + " s");
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            sched.submit(() -> {
                try {
                    handle.run();
                } finally {
                    slots.release();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            slots.release(); // the charge point has stopped: nothing handles frames any more
        }
    }

    /** Frames handed over and not yet handled. */
    int waiting() {
        return IN_FLIGHT - slots.availablePermits();
    }
}
