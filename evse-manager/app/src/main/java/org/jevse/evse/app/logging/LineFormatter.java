package org.jevse.evse.app.logging;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * One line per record: time, level, the logger's short name, the message. Under systemd's journal the time is left
 * out (the journal stamps each line) and the line starts with the journal's priority prefix ({@code <3>} error,
 * {@code <4>} warning, {@code <6>} info, {@code <7>} debug: sd-daemon(3)), so {@code journalctl -p err} filters.
 */
public final class LineFormatter extends Formatter {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX")
            .withZone(ZoneOffset.UTC);

    private final boolean journal;

    public LineFormatter(boolean journal) {
        this.journal = journal;
    }

    @Override
    public String format(LogRecord r) {
        StringBuilder b = new StringBuilder(128);
        if (journal) {
            b.append('<').append(priority(r.getLevel())).append('>');
        } else {
            b.append(TIME.format(r.getInstant())).append(' ');
        }
        b.append(levelName(r.getLevel())).append(' ').append(shortName(r.getLoggerName())).append(": ");
        oneLine(b, formatMessage(r));
        Throwable t = r.getThrown();
        // One line per record: the cause chain's types and messages, never a stack trace.
        for (int depth = 0; t != null && depth < 5; t = t.getCause(), depth++) {
            b.append(depth == 0 ? " (" : "; caused by ");
            oneLine(b, t.getClass().getName() + (t.getMessage() != null ? ": " + t.getMessage() : ""));
        }
        if (r.getThrown() != null) {
            b.append(')');
        }
        return b.append('\n').toString();
    }

    /** The syslog priority of a level (RFC 5424 numbers, as sd-daemon(3) reads them). */
    public static int priority(Level level) {
        int v = level.intValue();
        if (v >= Level.SEVERE.intValue()) {
            return 3;
        }
        if (v >= Level.WARNING.intValue()) {
            return 4;
        }
        if (v >= Level.INFO.intValue()) {
            return 6;
        }
        return 7;
    }

    /** The configuration's level names (logging.level) for the JDK's levels. */
    public static String levelName(Level level) {
        int v = level.intValue();
        if (v >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (v >= Level.WARNING.intValue()) {
            return "WARNING";
        }
        if (v >= Level.INFO.intValue()) {
            return "INFO";
        }
        if (v >= Level.FINE.intValue()) {
            return "DEBUG";
        }
        return "TRACE";
    }

    /** {@code org.jevse.ocpp.transport.OcppConnection} gives {@code OcppConnection}. */
    static String shortName(String logger) {
        if (logger == null || logger.isEmpty()) {
            return "root";
        }
        return logger.substring(logger.lastIndexOf('.') + 1);
    }

    /** A record is one line: line breaks and other control characters are escaped. */
    private static void oneLine(StringBuilder b, String s) {
        if (s == null) {
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c < 0x20 && c != '\t') {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
    }
}
