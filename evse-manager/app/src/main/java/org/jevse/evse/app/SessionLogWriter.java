package org.jevse.evse.app;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jevse.board.port.BoardCommand;
import org.jevse.board.port.BoardEvent;
import org.jevse.evse.core.Notification;
import org.jevse.evse.app.plugin.ChargerListener;

/**
 * Writes one log file per session when {@code evse.session_logging} is on: the same JSON lines as
 * {@code --events json}, from plug-in to unplug, into {@code session_logging_path}. A failing disk is reported
 * once and does not stop charging.
 */
public final class SessionLogWriter implements ChargerListener {

    private final Path directory;
    private final String suffix;
    private final Charger charger;
    private PrintStream file;
    private JsonEventWriter writer;
    private boolean warned;

    public SessionLogWriter(Path directory, String suffix, Charger charger) {
        this.directory = directory;
        this.suffix = suffix;
        this.charger = charger;
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
        if (n instanceof Notification.SessionStarted s) {
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
