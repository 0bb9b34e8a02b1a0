package org.jevse.ocpp;

/**
 * The client's single thread: every state change of the client happens in a task run here, so the client needs
 * no locks. Network callbacks and host calls hand their work in with {@link #execute}.
 */
public interface TaskScheduler {

    /** Runs {@code task} on the client thread as soon as possible. */
    void execute(Runnable task);

    /** Runs {@code task} on the client thread {@code delayMs} after now on the monotonic clock. */
    Cancellable schedule(long delayMs, Runnable task);

    /** Stops the thread; tasks not yet run are dropped. */
    void shutdown();

    interface Cancellable {
        void cancel();
    }
}
