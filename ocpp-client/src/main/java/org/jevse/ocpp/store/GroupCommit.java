package org.jevse.ocpp.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.function.Supplier;

/**
 * Group commit of the journal's writes: every write gets a ticket (numbered from 1); {@link #await} returns once
 * an fdatasync ({@code FileChannel.force(false)}: the data and the file's size, not its times) covered it. If no
 * fdatasync runs, the caller runs one that covers every write made so far; if one runs, the caller waits for it
 * and then, if its write is still not covered, runs the next one. So one fdatasync covers every record appended
 * while the previous one ran, and concurrent steps share the disk's flushes instead of queueing for one each.
 */
final class GroupCommit {
    private long appended;
    private long durable;
    private boolean syncing;
    private long syncs;

    /** A write was made; returns its ticket. */
    synchronized long written() {
        return ++appended;
    }

    /** The ticket of the last write. */
    synchronized long ticket() {
        return appended;
    }

    synchronized long syncs() {
        return syncs;
    }

    /**
     * Makes every write so far durable now, after the fdatasync that runs (if any); the caller holds the store's
     * lock, so nothing is written meanwhile. {@code tail} may be null when nothing is open.
     */
    synchronized void syncAll(FileChannel tail) throws IOException {
        waitForSyncer();
        if (durable < appended && tail != null) {
            tail.force(false);
            syncs++;
        }
        durable = appended;
        notifyAll();
    }

    /** Returns once write {@code ticket} is durable; runs the fdatasync itself when none is running. */
    void await(long ticket, Supplier<FileChannel> tail) throws IOException {
        long upTo;
        FileChannel ch;
        synchronized (this) {
            while (durable < ticket && syncing) {
                waitForSyncer();
            }
            if (durable >= ticket) {
                return;
            }
            syncing = true;
            upTo = appended;
            ch = tail.get();
        }
        boolean done = false;
        try {
            ch.force(false); // outside the lock: the next steps append meanwhile
            done = true;
        } finally {
            synchronized (this) {
                syncing = false;
                syncs++;
                if (done) {
                    durable = Math.max(durable, upTo);
                }
                notifyAll();
            }
        }
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
