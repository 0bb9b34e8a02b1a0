package org.jevse.ocpp.store;

import java.io.IOException;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Group commit of the journal's writes: every write gets a ticket (numbered from 1); {@link #await} returns once
 * an fdatasync covered it. If no fdatasync runs, the caller runs one that covers every write made so far; if one
 * runs, the caller waits for it and then, if its write is still not covered, runs the next one. So one fdatasync
 * covers every record appended while the previous one ran, and concurrent steps share the disk's flushes instead
 * of queueing for one each.
 *
 * <p>A write nobody waits for ({@link #background}: {@link JournalSync#BATCH}) is made durable by the syncer
 * thread, which runs fdatasyncs back to back while writes are left uncovered (and ends after a second with
 * none), so such a write is durable after at most the fdatasync running when it was written and the next one.
 * Writes reach the file in ticket order, and an fdatasync covers the whole file, so a write is never durable
 * without every earlier one.
 */
final class GroupCommit {
    private static final Logger LOG = Logger.getLogger(TransactionStore.class.getName());
    /** The syncer thread ends after this long without an uncovered write (a new one starts it again). */
    private static final long IDLE_MS = 1_000;

    /** Makes the journal's current file durable: one fdatasync of it. */
    interface Target {
        void force() throws IOException;
    }

    private long appended;
    private long durable;
    private boolean syncing;
    private long syncs;
    private Thread syncer;
    private boolean closed;
    private Supplier<Target> target;
    /** When the oldest write not covered by a started fdatasync was made (System.nanoTime), 0 if none. */
    private long firstUncovered;
    private long longestWindow;

    /** A write was made; returns its ticket. */
    synchronized long written() {
        if (firstUncovered == 0) {
            firstUncovered = System.nanoTime();
        }
        return ++appended;
    }

    /** The ticket of the last write. */
    synchronized long ticket() {
        return appended;
    }

    synchronized long syncs() {
        return syncs;
    }

    /** The longest time a write waited to be covered by a finished fdatasync, in nanoseconds (the benchmark). */
    synchronized long longestWindowNanos() {
        return longestWindow;
    }

    /**
     * Makes every write so far durable now, after the fdatasync that runs (if any); the caller holds the store's
     * lock, so nothing is written meanwhile. {@code tail} may be null when nothing is open.
     */
    synchronized void syncAll(Target tail) throws IOException {
        waitForSyncer();
        if (durable < appended && tail != null) {
            long from = firstUncovered;
            tail.force();
            syncs++;
            covered(from);
        }
        durable = appended;
        firstUncovered = 0;
        notifyAll();
    }

    /** Returns once write {@code ticket} is durable; runs the fdatasync itself when none is running. */
    void await(long ticket, Supplier<Target> tail) throws IOException {
        long upTo;
        long from;
        Target t;
        synchronized (this) {
            while (durable < ticket && syncing) {
                waitForSyncer();
            }
            if (durable >= ticket) {
                return;
            }
            syncing = true;
            upTo = appended;
            from = firstUncovered;
            firstUncovered = 0;
            t = tail.get();
        }
        boolean done = false;
        try {
            t.force(); // outside the lock: the next steps append meanwhile
            done = true;
        } finally {
            synchronized (this) {
                syncing = false;
                syncs++;
                if (done) {
                    durable = Math.max(durable, upTo);
                    covered(from);
                } else if (firstUncovered == 0 || from < firstUncovered) {
                    firstUncovered = from; // still uncovered
                }
                notifyAll();
            }
        }
    }

    private void covered(long from) {
        if (from != 0) {
            longestWindow = Math.max(longestWindow, System.nanoTime() - from);
        }
    }

    /**
     * A write nobody waits for was made: the syncer thread makes it durable soon (started if none runs).
     * {@code tail} gives the current file when an fdatasync starts.
     */
    synchronized void background(Supplier<Target> tail) {
        target = tail;
        if (closed) {
            return;
        }
        if (syncer == null) {
            syncer = new Thread(this::runSyncer, "journal-sync");
            syncer.setDaemon(true); // close() makes everything durable first; a daemon never holds up an exit
            syncer.start();
        } else {
            notifyAll();
        }
    }

    private void runSyncer() {
        long failedAt = -1;
        while (true) {
            long ticket;
            Supplier<Target> tail;
            synchronized (this) {
                long idleSince = System.nanoTime();
                while (!closed && (durable >= appended || syncing || appended == failedAt)) {
                    long left = IDLE_MS - (System.nanoTime() - idleSince) / 1_000_000;
                    if (left <= 0 && !syncing) {
                        syncer = null;
                        return;
                    }
                    try {
                        wait(syncing ? 0 : Math.max(1, left)); // a running fdatasync notifies when it ends
                    } catch (InterruptedException e) {
                        syncer = null;
                        return;
                    }
                }
                if (closed) {
                    syncer = null;
                    return;
                }
                ticket = appended;
                tail = target;
            }
            try {
                await(ticket, tail);
            } catch (IOException | RuntimeException e) {
                // The next write retries; a step that waits for its own record gets the error itself.
                LOG.severe("journal: fdatasync failed (" + e.getMessage() + "); retried with the next write");
                failedAt = ticket;
            }
        }
    }

    /** No more background fdatasyncs (the journal is closing; it makes everything durable itself). */
    synchronized void close() {
        closed = true;
        notifyAll();
    }

    private void waitForSyncer() {
        boolean interrupted = false;
        while (syncing) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true; // a durable write is never abandoned halfway: wait on, then re-raise
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
