package org.jevse.ocpp.testkit;

import java.util.ArrayDeque;
import java.util.PriorityQueue;
import org.jevse.ocpp.TaskScheduler;

/**
 * A scheduler on the test's own thread and a manual clock: {@link #execute} runs tasks in order on the calling
 * thread (never re-entrantly), timers run when {@link #advance} moves the clock past them.
 */
public final class DirectScheduler implements TaskScheduler, org.jevse.ocpp.Clock {
    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private boolean draining;
    private long nowMs;
    private long wallOriginMs = 1_795_000_000_000L;
    private long seq;

    private final class Timer implements Comparable<Timer>, Cancellable {
        final long due;
        final long n = seq++;
        final Runnable task;
        boolean cancelled;

        Timer(long due, Runnable task) {
            this.due = due;
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Timer o) {
            return due != o.due ? Long.compare(due, o.due) : Long.compare(n, o.n);
        }
    }

    @Override
    public synchronized void execute(Runnable task) {
        ready.addLast(task);
        drain();
    }

    private void drain() {
        if (draining) {
            return;
        }
        draining = true;
        try {
            Runnable r;
            while ((r = ready.pollFirst()) != null) {
                r.run();
            }
        } finally {
            draining = false;
        }
    }

    @Override
    public synchronized Cancellable schedule(long delayMs, Runnable task) {
        Timer t = new Timer(nowMs + Math.max(0, delayMs), task);
        timers.add(t);
        return t;
    }

    /** Moves the clock forward, running every timer that falls due, in order. */
    public synchronized void advance(long ms) {
        long target = nowMs + ms;
        Timer t;
        while ((t = timers.peek()) != null && t.due <= target) {
            timers.poll();
            if (!t.cancelled) {
                nowMs = t.due;
                execute(t.task);
            }
        }
        nowMs = target;
    }

    @Override
    public void shutdown() {
    }

    @Override
    public synchronized long monotonicMs() {
        return nowMs;
    }

    @Override
    public synchronized long wallMs() {
        return wallOriginMs + nowMs;
    }
}
