package org.jevse.evse.app.logging;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jevse.config.LogLevel;
import org.jevse.config.LoggingConfig;

/**
 * The process's logging: the JDK's {@code java.util.logging}, which SLF4J (Java-WebSocket, Paho through its own
 * bridge, Pi4J, j2mod) is bound to by {@code slf4j-jdk14}, so every library logs through the one handler here.
 */
public final class Logging {

    /** The loggers of each part of {@code logging:} (LoggingConfig). */
    static final Map<String, List<String>> PARTS = Map.of(
            "core", List.of("org.jevse.evse"),
            "board", List.of("org.jevse.board", "com.pi4j", "com.ghgande.j2mod", "com.fazecast"),
            "energy", List.of("org.jevse.energy", "org.eclipse.paho"),
            "ocpp", List.of("org.jevse.ocpp", "org.java_websocket"),
            "api", List.of("org.jevse.evse.app.api"));

    /** Strong references: the JDK keeps loggers weakly, and a collected logger forgets its level. */
    private static final List<Logger> CONFIGURED = new java.util.concurrent.CopyOnWriteArrayList<>();

    private Logging() {
    }

    /**
     * Replaces the JDK's default two-line console format with {@link LineFormatter} on {@code err}, in journal
     * form when {@code env} says standard error is systemd's journal stream; the root level is info until
     * {@link #apply} sets the configured levels.
     */
    public static void install(Map<String, String> env, PrintStream err) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(Level.INFO);
        root.addHandler(new LineHandler(err, new LineFormatter(journal(env))));
    }

    /**
     * True when standard error is the journal: systemd sets {@code JOURNAL_STREAM} to the device and inode of the
     * stream it connected (systemd.exec(5)); a child whose stderr was redirected elsewhere inherits the variable, so
     * the pair is compared with standard error's where the system shows it.
     */
    static boolean journal(Map<String, String> env) {
        String js = env.get("JOURNAL_STREAM");
        if (js == null || !js.matches("\\d+:\\d+")) {
            return false;
        }
        try {
            Path fd2 = Path.of("/proc/self/fd/2");
            long dev = ((Number) Files.getAttribute(fd2, "unix:dev")).longValue();
            long ino = ((Number) Files.getAttribute(fd2, "unix:ino")).longValue();
            String[] p = js.split(":");
            return Long.parseLong(p[1]) == ino && Long.parseLong(p[0]) == dev;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return true; // no /proc: trust the variable
        }
    }

    /** Sets the root level and each part's level from the configuration. */
    public static void apply(LoggingConfig cfg) {
        CONFIGURED.clear();
        Logger root = Logger.getLogger("");
        root.setLevel(level(cfg.level()));
        set("core", cfg.levelOf(cfg.core()));
        set("board", cfg.levelOf(cfg.board()));
        set("energy", cfg.levelOf(cfg.energy()));
        set("ocpp", cfg.levelOf(cfg.ocpp()));
        set("api", cfg.levelOf(cfg.api()));
    }

    private static void set(String part, LogLevel l) {
        for (String name : PARTS.get(part)) {
            Logger logger = Logger.getLogger(name);
            logger.setLevel(level(l));
            CONFIGURED.add(logger);
        }
    }

    /** The JDK level of a configured level. */
    public static Level level(LogLevel l) {
        return switch (l) {
            case error -> Level.SEVERE;
            case warning -> Level.WARNING;
            case info -> Level.INFO;
            case debug -> Level.FINE;
            case trace -> Level.FINEST;
        };
    }

    /** Writes each formatted record to the stream in one call, and flushes it: a crash loses no line. */
    static final class LineHandler extends Handler {
        private final PrintStream out;

        LineHandler(PrintStream out, LineFormatter formatter) {
            this.out = out;
            setFormatter(formatter);
            setLevel(Level.ALL);
        }

        @Override
        public synchronized void publish(LogRecord r) {
            if (!isLoggable(r)) {
                return;
            }
            out.print(getFormatter().format(r));
            out.flush();
        }

        @Override
        public void flush() {
            out.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }
}
