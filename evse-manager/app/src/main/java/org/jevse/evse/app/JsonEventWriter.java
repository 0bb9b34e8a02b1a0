package org.jevse.evse.app;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import org.jevse.board.port.BoardCommand;
import org.jevse.board.port.BoardEvent;
import org.jevse.board.port.PilotMode;
import org.jevse.evse.core.Notification;
import org.jevse.evse.app.plugin.ChargerListener;

/**
 * The {@code --events json} stream: one JSON object per line for every change, each with {@code t} (ms of
 * monotonic time since start) and {@code type}. Bench scripts and CI assert on it, so field names are stable:
 * state, cp, pwm, power, error, limit, session, transaction, auth.
 */
public final class JsonEventWriter implements ChargerListener {

    private final Consumer<String> out;
    private final Charger charger;
    private final JsonFactory factory = new JsonFactory();

    public JsonEventWriter(PrintStream out, Charger charger) {
        this(out::println, charger);
    }

    /** Hands each line (without its newline) to {@code lines}: the API's live event stream. */
    public JsonEventWriter(Consumer<String> lines, Charger charger) {
        this.out = lines;
        this.charger = charger;
    }

    @Override
    public void onBoardEvent(long t, BoardEvent event) {
        if (event instanceof BoardEvent.CpChanged cp) {
            write(t, "cp", g -> g.writeStringField("cp", cp.state().name()));
        }
    }

    @Override
    public void onCommand(long t, BoardCommand command) {
        if (command instanceof BoardCommand.SetPilot p) {
            double offered = charger.status().offeredA();
            write(t, "pwm", g -> {
                g.writeStringField("mode", p.mode() == PilotMode.PWM ? "on" : p.mode().name());
                g.writeNumberField("duty", p.dutyPercent());
                g.writeNumberField("current_A", p.mode() == PilotMode.PWM ? offered : 0);
            });
        } else if (command instanceof BoardCommand.AllowPower p) {
            write(t, "power", g -> {
                g.writeBooleanField("on", p.on());
                g.writeStringField("reason", p.reason().name());
            });
        } else if (command instanceof BoardCommand.SwitchPhases s) {
            write(t, "phases", g -> g.writeNumberField("phases", s.phases()));
        }
    }

    @Override
    public void onNotification(long t, Notification n) {
        if (n instanceof Notification.StateChanged s) {
            write(t, "state", g -> {
                g.writeStringField("state", s.state().name());
                if (!s.pauseReasons().isEmpty()) {
                    g.writeArrayFieldStart("pause_reasons");
                    for (var r : s.pauseReasons()) {
                        g.writeString(r.name());
                    }
                    g.writeEndArray();
                }
            });
        } else if (n instanceof Notification.ErrorChanged e) {
            write(t, "error", g -> {
                g.writeStringField("code", e.error().code().name());
                g.writeStringField("error_type", e.error().code().type());
                g.writeStringField("severity", e.error().code().severity().name());
                g.writeBooleanField("active", e.active());
                g.writeBooleanField("fatal", e.error().fatal());
                g.writeStringField("detail", e.error().detail());
            });
        } else if (n instanceof Notification.LimitChanged l) {
            write(t, "limit", g -> {
                g.writeNumberField("current_A", l.limit().amps());
                g.writeStringField("source", l.limit().source().label());
            });
        } else if (n instanceof Notification.SessionStarted s) {
            write(t, "session", g -> {
                g.writeStringField("event", "started");
                g.writeStringField("id", s.session().id());
            });
        } else if (n instanceof Notification.SessionFinished s) {
            write(t, "session", g -> {
                g.writeStringField("event", "finished");
                g.writeStringField("id", s.session().id());
                g.writeNumberField("energy_Wh", Math.round(s.energyWh() * 1000) / 1000.0);
                g.writeStringField("reason", s.reason().name());
            });
        } else if (n instanceof Notification.TransactionStarted s) {
            write(t, "transaction", g -> {
                g.writeStringField("event", "started");
                g.writeStringField("id", s.session().id());
                g.writeStringField("tag", s.tag());
                g.writeNumberField("meter_Wh", s.meterStartWh());
            });
        } else if (n instanceof Notification.TransactionFinished s) {
            write(t, "transaction", g -> {
                g.writeStringField("event", "finished");
                g.writeStringField("id", s.session().id());
                g.writeStringField("reason", s.reason().name());
                g.writeNumberField("meter_Wh", s.meterStopWh());
            });
        }
    }

    @Override
    public void onAuthorization(long t, String tag, boolean accepted) {
        write(t, "auth", g -> {
            g.writeStringField("tag", tag);
            g.writeBooleanField("accepted", accepted);
        });
    }

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private void write(long t, String type, Fields fields) {
        StringWriter w = new StringWriter(128);
        try (JsonGenerator g = factory.createGenerator(w)) {
            g.writeStartObject();
            g.writeNumberField("t", t);
            g.writeStringField("type", type);
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.accept(w.toString());
    }
}
