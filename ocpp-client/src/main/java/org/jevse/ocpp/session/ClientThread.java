package org.jevse.ocpp.session;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jevse.board.time.Scheduler;
import org.jevse.board.time.SystemTimeSource;
import org.jevse.board.time.TimeSource;

/**
 * The client's single thread in production: every state change of the client happens in a task run here, so the
 * client needs no locks. One daemon thread on the system's monotonic clock; network callbacks and host calls hand
 * their work in with {@link #submit}.
 */
public final class ClientThread implements Scheduler {
    private static final Logger LOG = Logger.getLogger(ClientThread.class.getName());
    private final ScheduledExecutorService exec;
    private final TimeSource time = new SystemTimeSource();

    public ClientThread(String threadName) {
        this.exec = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public TimeSource time() {
        return time;
    }

    @Override
    public void submit(Runnable task) {
        if (!exec.isShutdown()) {
            exec.execute(guard(task));
        }
    }

    @Override
    public Timer schedule(long delayMs, Runnable task) {
        if (exec.isShutdown()) {
            return () -> { };
        }
        ScheduledFuture<?> f = exec.schedule(guard(task), Math.max(0, delayMs), TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }

    /** Stops the thread; tasks not yet run are dropped. */
    public void shutdown() {
        exec.shutdownNow();
    }

    private static Runnable guard(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.log(Level.SEVERE, "OCPP task failed", e);
            }
        };
    }
}
