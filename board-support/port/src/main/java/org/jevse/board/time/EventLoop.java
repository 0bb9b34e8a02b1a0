package org.jevse.board.time;

import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A single-threaded discrete-event loop.
 *
 * <p>On virtual time the clock jumps straight to the next due task, so hours of charging run in seconds. On real
 * time (or virtual time paced to the wall clock, for {@code simulate --realtime}) it waits until a task is due.
 * Tasks due at the same instant run in the order they were scheduled.
 */
public final class EventLoop implements Scheduler {

    private final TimeSource time;
    private final VirtualTimeSource virtual;
    private final boolean paced;
    private final PriorityQueue<Entry> queue = new PriorityQueue<>();
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    private volatile Thread loopThread;
    private long sequence;
    private long pacedOriginNanos;

    private EventLoop(TimeSource time, VirtualTimeSource virtual, boolean paced) {
        this.time = time;
        this.virtual = virtual;
        this.paced = paced;
    }

    /** Virtual time starting at monotonic 0, wall time {@code wallOriginMs}; runs as fast as the CPU allows. */
    public static EventLoop virtual(long wallOriginMs) {
        VirtualTimeSource v = new VirtualTimeSource(wallOriginMs);
        return new EventLoop(v, v, false);
    }

    /** Virtual time that advances no faster than the wall clock: a simulation a person can watch. */
    public static EventLoop pacedVirtual(long wallOriginMs) {
        VirtualTimeSource v = new VirtualTimeSource(wallOriginMs);
        return new EventLoop(v, v, true);
    }

    /** The machine's real clocks, for a charger in service. */
    public static EventLoop realtime() {
        return new EventLoop(new SystemTimeSource(), null, false);
    }

    @Override
    public TimeSource time() {
        return time;
    }

    /** The virtual clock, or null on real time. */
    public VirtualTimeSource virtualTime() {
        return virtual;
    }

    @Override
    public Timer schedule(long delayMs, Runnable task) {
        if (delayMs < 0) {
            delayMs = 0;
        }
        Entry e = new Entry(time.monotonicMs() + delayMs, sequence++, task);
        queue.add(e);
        return e;
    }

    @Override
    public void submit(Runnable task) {
        inbox.add(task);
        Thread t = loopThread;
        if (t != null && t != Thread.currentThread()) {
            LockSupport.unpark(t);
        }
    }

    /** True on the thread that is running this loop. */
    public boolean inLoopThread() {
        return Thread.currentThread() == loopThread;
    }

    /** Due time of the next task, or {@link Long#MAX_VALUE} when nothing is scheduled. */
    public long nextDueMs() {
        drainInbox();
        Entry e = peekLive();
        return e == null ? Long.MAX_VALUE : e.dueMs;
    }

    /**
     * Runs tasks until {@code stop} is true, or (on virtual time) until nothing is left to run.
     * On real time with nothing scheduled it waits for {@link #submit(Runnable)}.
     */
    public void run(BooleanSupplier stop) {
        loopThread = Thread.currentThread();
        pacedOriginNanos = System.nanoTime() - virtualNow() * 1_000_000L;
        try {
            while (!stop.getAsBoolean()) {
                drainInbox();
                Entry next = peekLive();
                if (next == null) {
                    if (virtual != null && !paced) {
                        return;
                    }
                    LockSupport.parkNanos(50_000_000L);
                    continue;
                }
                if (!waitUntil(next.dueMs)) {
                    continue; // woken by submit(): new work may be due earlier
                }
                queue.poll();
                if (virtual != null && next.dueMs > virtual.monotonicMs()) {
                    virtual.advanceTo(next.dueMs);
                }
                next.task.run();
            }
        } finally {
            loopThread = null;
        }
    }

    /** Runs every task due up to and including {@code targetMs}, then leaves virtual time at {@code targetMs}. */
    public void runUntil(long targetMs) {
        if (virtual == null) {
            throw new IllegalStateException("runUntil needs virtual time");
        }
        run(() -> nextDueMs() > targetMs);
        if (virtual.monotonicMs() < targetMs) {
            virtual.advanceTo(targetMs);
        }
    }

    private long virtualNow() {
        return virtual == null ? 0 : virtual.monotonicMs();
    }

    /** Returns false if woken early by a submitted task. */
    private boolean waitUntil(long dueMs) {
        if (virtual != null && !paced) {
            return true;
        }
        while (true) {
            long nowMs = virtual != null ? (System.nanoTime() - pacedOriginNanos) / 1_000_000L : time.monotonicMs();
            long waitMs = dueMs - nowMs;
            if (waitMs <= 0) {
                return true;
            }
            if (!inbox.isEmpty()) {
                return false;
            }
            LockSupport.parkNanos(Math.min(waitMs, 50) * 1_000_000L);
            if (!inbox.isEmpty()) {
                if (virtual != null) {
                    long now = (System.nanoTime() - pacedOriginNanos) / 1_000_000L;
                    if (now > virtual.monotonicMs()) {
                        virtual.advanceTo(Math.min(now, dueMs));
                    }
                }
                return false;
            }
        }
    }

    private void drainInbox() {
        Runnable r;
        while ((r = inbox.poll()) != null) {
            queue.add(new Entry(time.monotonicMs(), sequence++, r));
        }
    }

    private Entry peekLive() {
        Entry e = queue.peek();
        while (e != null && e.cancelled) {
            queue.poll();
            e = queue.peek();
        }
        return e;
    }

    private static final class Entry implements Comparable<Entry>, Timer {
        final long dueMs;
        final long seq;
        final Runnable task;
        boolean cancelled;

        Entry(long dueMs, long seq, Runnable task) {
            this.dueMs = dueMs;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Entry o) {
            int c = Long.compare(dueMs, o.dueMs);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
