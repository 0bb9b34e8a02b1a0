package org.jevse.evse.app;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.jevse.board.time.EventLoop;
import org.jevse.config.JevseConfig;
import org.jevse.evse.app.control.ControlClaims;
import org.jevse.evse.app.plugin.ChargerPlugin;

/** What every running charger gets besides its core and board, whichever board it is: plugins, logs, output. */
final class ChargerExtras {
    private ChargerExtras() {
    }

    /** Attaches the plugins the configuration asks for and the session log; returns the plugins. */
    static List<ChargerPlugin> attach(JevseConfig cfg, Charger charger, EventLoop loop) {
        ControlClaims claims = new ControlClaims(charger, loop.time());
        List<ChargerPlugin> plugins = ChargerPlugins.forConfig(cfg, claims);
        for (ChargerPlugin p : plugins) {
            p.attach(charger, loop);
        }
        if (cfg.evse().sessionLogging()) {
            charger.addListener(new SessionLogWriter(Path.of(cfg.evse().sessionLoggingPath()),
                    cfg.evse().logfileSuffix(), charger));
        }
        return plugins;
    }

    /**
     * The JSON event stream, or else the human status (live on a terminal). Returns the console reporter, which
     * prints the final status at the end, or null for JSON.
     */
    static ConsoleReporter output(Charger charger, EventLoop loop, JevseCommand.EventFormat events, PrintStream out) {
        if (events == JevseCommand.EventFormat.json) {
            charger.addListener(new JsonEventWriter(out, charger));
            return null;
        }
        ConsoleReporter reporter = new ConsoleReporter(out, charger, System.console() != null);
        reporter.attach(loop);
        return reporter;
    }
}
