package org.jevse.ocpp.store;

/**
 * When a step that queues only sampled data returns: what a power loss may take from the journal.
 *
 * <p>Every step's record is written (with one {@code write}, so a kill -9 of the process keeps it) before the
 * step returns, in order, and a queued message is handed to the client only once its record is durable
 * (fdatasync'd). Steps that queue a StartTransaction, a StopTransaction or a security event, stop a transaction
 * cut by a power loss, or record a CSMS's answer or a failed attempt return only once durable, whatever the mode.
 */
public enum JournalSync {
    /**
     * Every step returns only once an fdatasync covered it: a power loss takes nothing a step returned. One
     * thread making one step per message is bound by the disk's fdatasync rate.
     */
    STEP,
    /**
     * A step that queues only MeterValues (and the running transaction's last meter value) returns once written;
     * the syncer thread makes it durable within about two fdatasyncs. A power loss may take those of the last
     * few milliseconds, none of which the CSMS has received (as SQLite's {@code synchronous=NORMAL} in WAL mode,
     * or PostgreSQL's {@code synchronous_commit=off}, may lose the last commits but never leave a gap).
     */
    BATCH
}
