package org.jevse.config;

/** When a step of the OCPP transaction journal that queues only sampled MeterValues returns (docs/ocpp.md). */
public enum JournalSyncMode {
    /** Once an fdatasync covered it: a power loss takes nothing a step returned; bound by the disk's flush rate. */
    step,
    /** Once written (a kill -9 keeps it), durable within about two fdatasyncs; Start/Stop still wait for theirs. */
    batch
}
