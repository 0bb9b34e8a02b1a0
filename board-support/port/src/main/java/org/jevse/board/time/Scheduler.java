package org.jevse.board.time;

/**
 * Runs tasks on one thread at given times. Boards and the runtime use it so that every board event and every
 * core step happens on a single thread, in time order, on either virtual or real time.
 */
public interface Scheduler {

    TimeSource time();

    /** Runs {@code task} on the loop thread {@code delayMs} from now (0 = as soon as possible, after earlier tasks). */
    Timer schedule(long delayMs, Runnable task);

    /** Hands a task to the loop from any thread (a GPIO edge, a serial frame, a WebSocket message). */
    void submit(Runnable task);

    /** A scheduled task that can be cancelled before it runs. */
    interface Timer {
        void cancel();
    }
}
