package org.jevse.ocpp.testkit;

import java.util.ArrayDeque;
import java.util.PriorityQueue;
import org.jevse.board.time.Scheduler;

/**
 * A scheduler on the test's own thread and a manual clock: {@link #submit} runs tasks in order on the calling
 * thread (never re-entrantly), timers run when {@link #advance} moves the clock past them.
 */
public final class DirectScheduler implements Scheduler, org.jevse.board.time.TimeSource {
    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
    private final PriorityQueue<Entry> timers = new PriorityQueue<>();
    private boolean draining;
    private long nowMs;
    private long wallOriginMs = 1_795_000_000_000L;
    private long seq;

    private final class Entry implements Comparable<Entry>, Timer {
        final long due;
        final long n = seq++;
        final Runnable task;
        boolean cancelled;

        Entry(long due, Runnable task) {
            this.due = due;
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Entry o) {
            return due != o.due ? Long.compare(due, o.due) : Long.compare(n, o.n);
        }
    }

    @Override
    public synchronized void submit(Runnable task) {
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
    public synchronized Timer schedule(long delayMs, Runnable task) {
        Entry t = new Entry(nowMs + Math.max(0, delayMs), task);
        timers.add(t);
        return t;
    }

    /** Moves the clock forward, running every timer that falls due, in order. */
    public synchronized void advance(long ms) {
        long target = nowMs + ms;
        Entry t;
        while ((t = timers.peek()) != null && t.due <= target) {
            timers.poll();
            if (!t.cancelled) {
                nowMs = t.due;
                submit(t.task);
            }
        }
        nowMs = target;
    }

    @Override
    public org.jevse.board.time.TimeSource time() {
        return this;
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
