package org.jevse.evse.app;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jevse.board.port.BoardCommand;
import org.jevse.board.port.BoardEvent;
import java.util.function.Function;
import org.jevse.evse.app.chargelog.ChargeLog;
import org.jevse.evse.app.chargelog.ChargeLogEntry;
import org.jevse.evse.core.Notification;
import org.jevse.evse.app.plugin.ChargerListener;

/**
 * The session logs. With {@code evse.session_logging} on, one file per session: the same JSON lines as
 * {@code --events json}, from plug-in to unplug, into {@code session_logging_path}. With a {@link ChargeLog}
 * ({@code evse.charge_log_file}), one entry per finished transaction: tag, user, start and stop, meter readings and the
 * stop reason. A failing disk is reported and does not stop charging.
 */
public final class SessionLogWriter implements ChargerListener {

    private final Path directory;
    private final String suffix;
    private final Charger charger;
    private final ChargeLog chargeLog;
    private final Function<String, String> userOf;
    private PrintStream file;
    private JsonEventWriter writer;
    private boolean warned;
    private Notification.TransactionStarted running;
    private long runningSinceWallMs;

    /** Per-session event files only (no charge log). */
    public SessionLogWriter(Path directory, String suffix, Charger charger) {
        this(directory, suffix, charger, null, tag -> "");
    }

    /**
     * @param directory where the per-session files go, or null for none
     * @param chargeLog the charge log, or null for none
     * @param userOf    the user name of a tag ("" for none), written into the charge log
     */
    public SessionLogWriter(Path directory, String suffix, Charger charger, ChargeLog chargeLog,
                            Function<String, String> userOf) {
        this.directory = directory;
        this.suffix = suffix;
        this.charger = charger;
        this.chargeLog = chargeLog;
        this.userOf = userOf;
    }

    @Override
    public void onBoardEvent(long t, BoardEvent event) {
        if (writer != null) {
            writer.onBoardEvent(t, event);
        }
    }

    @Override
    public void onCommand(long t, BoardCommand command) {
        if (writer != null) {
            writer.onCommand(t, command);
        }
    }

    @Override
    public void onAuthorization(long t, String tag, boolean accepted) {
        if (writer != null) {
            writer.onAuthorization(t, tag, accepted);
        }
    }

    @Override
    public void onNotification(long t, Notification n) {
        if (n instanceof Notification.TransactionStarted s) {
            running = s;
            runningSinceWallMs = charger.wallMs();
        } else if (n instanceof Notification.TransactionFinished f && running != null && chargeLog != null) {
            chargeLog.append(new ChargeLogEntry(f.session().id(), running.tag(), userOf.apply(running.tag()),
                    runningSinceWallMs, charger.wallMs(), running.meterStartWh(), f.meterStopWh(), f.reason().name()));
            running = null;
        }
        if (n instanceof Notification.SessionStarted s && directory != null) {
            open(s.session().id());
        }
        if (writer != null) {
            writer.onNotification(t, n);
        }
        if (n instanceof Notification.SessionFinished) {
            close();
        }
    }

    /** The file a session's log goes to. */
    public Path fileFor(String sessionId) {
        String name = "session_uuid".equals(suffix) ? sessionId : suffix + "-" + sessionId;
        return directory.resolve("session-" + name + ".jsonl");
    }

    private void open(String id) {
        close();
        try {
            Files.createDirectories(directory);
            file = new PrintStream(Files.newOutputStream(fileFor(id), StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE), true, StandardCharsets.UTF_8);
            writer = new JsonEventWriter(file, charger);
        } catch (IOException e) {
            if (!warned) {
                warned = true;
                System.err.println("jevse: session log " + directory + ": " + e.getMessage() + " (charging continues)");
            }
        }
    }

    private void close() {
        if (file != null) {
            file.close();
        }
        file = null;
        writer = null;
    }
}
