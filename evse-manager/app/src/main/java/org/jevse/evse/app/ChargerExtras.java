package org.jevse.evse.app;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.jevse.board.time.EventLoop;
import org.jevse.config.JevseConfig;
import org.jevse.evse.app.api.ApiPlugin;
import org.jevse.evse.app.chargelog.ChargeLog;
import org.jevse.evse.app.chargelog.TagStore;
import org.jevse.evse.app.control.ControlClaims;
import org.jevse.evse.app.plugin.AuthorizationPort;
import org.jevse.evse.app.plugin.BadInputException;
import org.jevse.evse.app.plugin.ChargerPlugin;

/** What every running charger gets besides its core and board, whichever board it is: plugins, logs, output. */
final class ChargerExtras {
    private ChargerExtras() {
    }

    /** Attaches the plugins the configuration asks for and the session logs; returns the plugins. */
    static List<ChargerPlugin> attach(JevseConfig cfg, Charger charger, EventLoop loop) {
        charger.addListener(new org.jevse.evse.app.logging.ChargerLog());
        ControlClaims claims = new ControlClaims(charger, loop.time());
        TagStore tags;
        String tagsFile = cfg.auth().tagsFile();
        try {
            tags = new TagStore(tagsFile.isEmpty() ? null : Path.of(tagsFile), cfg.auth().localList());
        } catch (IllegalArgumentException e) {
            throw new BadInputException("auth.tags_file: " + e.getMessage());
        }
        if (!tagsFile.isEmpty()) {
            // The file's tags are accepted like auth.local_list; OCPP, when on, installs its own port over this one.
            TagStore accepted = tags;
            AuthorizationPort previous = charger.authorization();
            charger.setAuthorization((tag, decision) -> {
                if (accepted.accepts(tag)) {
                    decision.accept(true);
                } else {
                    previous.authorize(tag, decision);
                }
            });
        }
        ChargeLog chargeLog = cfg.evse().chargeLogFile().isEmpty() ? null : new ChargeLog(
                Path.of(cfg.evse().chargeLogFile()), cfg.evse().chargeLogMaxBytes(),
                line -> System.err.println("jevse: " + line));
        List<ChargerPlugin> plugins = ChargerPlugins.forConfig(cfg, claims, tags, chargeLog, loop.time());
        for (ChargerPlugin p : plugins) {
            p.attach(charger, loop);
            if (p instanceof ApiPlugin a) {
                charger.addListener(new JsonEventWriter(a::publishEvent, charger));
            }
        }
        if (cfg.evse().sessionLogging() || chargeLog != null) {
            TagStore users = tags;
            charger.addListener(new SessionLogWriter(cfg.evse().sessionLogging()
                    ? Path.of(cfg.evse().sessionLoggingPath()) : null, cfg.evse().logfileSuffix(), charger, chargeLog,
                    users::userOf));
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
