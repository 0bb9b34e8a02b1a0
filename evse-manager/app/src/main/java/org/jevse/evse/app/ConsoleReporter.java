package org.jevse.evse.app;

import java.io.PrintStream;
import java.util.Locale;
import org.jevse.board.time.EventLoop;
import org.jevse.evse.core.Notification;
import org.jevse.evse.app.plugin.ChargerListener;

/**
 * Human output. On a terminal: a live one-line status (state, current offered and drawn, energy, binding limit)
 * redrawn every second of charger time, with notable events printed above it. Elsewhere (a pipe, a CI log): one
 * line per notable event.
 */
public final class ConsoleReporter implements ChargerListener {

    private final PrintStream out;
    private final Charger charger;
    private final boolean live;
    private long lastDrawNanos;

    public ConsoleReporter(PrintStream out, Charger charger, boolean terminal) {
        this.out = out;
        this.charger = charger;
        this.live = terminal;
    }

    /** Listens to the charger and redraws the status line every second of loop time. */
    public void attach(EventLoop loop) {
        charger.addListener(this);
        if (live) {
            scheduleRedraw(loop);
        }
    }

    private void scheduleRedraw(EventLoop loop) {
        loop.schedule(1000, () -> {
            redraw(false);
            scheduleRedraw(loop);
        });
    }

    @Override
    public void onNotification(long t, Notification n) {
        String text = describe(n);
        if (text != null) {
            print(t, text);
        }
    }

    @Override
    public void onAuthorization(long t, String tag, boolean accepted) {
        print(t, "tag " + tag + (accepted ? " accepted" : " rejected"));
    }

    private void print(long t, String text) {
        String line = String.format(Locale.ROOT, "%9.1f s  %s", t / 1000.0, text);
        if (live) {
            out.print("\r\033[K" + line + "\n");
            redraw(true);
        } else {
            out.println(line);
        }
    }

    /** Ends the live line so the shell prompt starts on a fresh line. */
    public void finish() {
        if (live) {
            redraw(true);
            out.println();
        }
        out.println("final: " + charger.status().line());
    }

    private void redraw(boolean force) {
        if (!live) {
            return;
        }
        long now = System.nanoTime();
        if (!force && now - lastDrawNanos < 100_000_000L) {
            return;
        }
        lastDrawNanos = now;
        out.print("\r\033[K" + charger.status().line());
        out.flush();
    }

    private static String describe(Notification n) {
        if (n instanceof Notification.StateChanged s) {
            return "state " + s.state() + (s.pauseReasons().isEmpty() ? "" : " " + s.pauseReasons());
        } else if (n instanceof Notification.ErrorChanged e) {
            return (e.active() ? "error raised " : "error cleared ") + e.error().code().type() + ": "
                    + e.error().detail();
        } else if (n instanceof Notification.LimitChanged l) {
            return l.limit().describe();
        } else if (n instanceof Notification.SessionStarted s) {
            return "session " + s.session().id() + " started";
        } else if (n instanceof Notification.TransactionStarted s) {
            return "transaction started for tag " + s.tag();
        } else if (n instanceof Notification.TransactionFinished s) {
            return "transaction finished: " + s.reason();
        } else if (n instanceof Notification.SessionFinished s) {
            return String.format(Locale.ROOT, "session %s finished: %s, %.0f Wh", s.session().id(), s.reason(),
                    s.energyWh());
        }
        return null;
    }
}
