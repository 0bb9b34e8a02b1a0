package org.jevse.ocpp;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The production scheduler: one daemon thread on the system's monotonic clock. */
public final class ExecutorTaskScheduler implements TaskScheduler {
    private static final Logger LOG = Logger.getLogger(ExecutorTaskScheduler.class.getName());
    private final ScheduledExecutorService exec;

    public ExecutorTaskScheduler(String threadName) {
        this.exec = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void execute(Runnable task) {
        if (!exec.isShutdown()) {
            exec.execute(guard(task));
        }
    }

    @Override
    public Cancellable schedule(long delayMs, Runnable task) {
        if (exec.isShutdown()) {
            return () -> { };
        }
        ScheduledFuture<?> f = exec.schedule(guard(task), Math.max(0, delayMs), TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }

    @Override
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
