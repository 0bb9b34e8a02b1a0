package org.jevse.ocpp.firmware;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** The most recent log records of the jevse loggers, kept in memory for GetDiagnostics. */
public final class RecentLog extends Handler {
    private final int capacity;
    private final ArrayDeque<LogRecord> records = new ArrayDeque<>();
    private final SimpleFormatter format = new SimpleFormatter();

    private RecentLog(int capacity) {
        this.capacity = capacity;
    }

    /** Attaches a buffer of the last {@code capacity} records to the {@code org.jevse} loggers. */
    public static RecentLog attach(int capacity) {
        RecentLog log = new RecentLog(capacity);
        Logger.getLogger("org.jevse").addHandler(log);
        return log;
    }

    public void detach() {
        Logger.getLogger("org.jevse").removeHandler(this);
    }

    @Override
    public synchronized void publish(LogRecord r) {
        if (records.size() >= capacity) {
            records.removeFirst();
        }
        records.addLast(r);
    }

    /** The records between {@code from} and {@code to} (either may be null: open), formatted. */
    public String text(Instant from, Instant to) {
        List<LogRecord> copy;
        synchronized (this) {
            copy = new ArrayList<>(records);
        }
        StringBuilder b = new StringBuilder();
        for (LogRecord r : copy) {
            Instant t = r.getInstant();
            if ((from == null || !t.isBefore(from)) && (to == null || !t.isAfter(to))) {
                b.append(format.format(r));
            }
        }
        return b.toString();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
