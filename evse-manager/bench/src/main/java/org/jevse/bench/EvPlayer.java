package org.jevse.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jevse.board.ev.EvBoard;
import org.jevse.board.ev.EvLoad;
import org.jevse.board.ev.EvMeasurement;
import org.jevse.board.ev.PilotDecoding;
import org.jevse.board.sim.EvCommand;
import org.jevse.board.sim.EvScript;
import org.jevse.board.time.Scheduler;

/**
 * Plays the car of an EV script on an {@link EvBoard}: the same words as {@code jevse simulate}, carried out with
 * the bench's switches and load. The car behaves as EVerest's car simulator does: {@code draw_power_*} closes S2 at
 * once; a regulated car draws min(its request, the PWM's current) and leaves C when the PWM stops (IEC 61851-1
 * Seq 10.1) after {@link #REACTION_MS}, coming back when the PWM offers current again; a fixed car ignores both.
 * Every load change, short and diode fault is recorded in the trace as an anchor. Runs on the scheduler's thread.
 */
final class EvPlayer {

    static final String WORDS = "sleep, plugin, unplug, iec_wait_pwr_ready, draw_power_regulated, draw_power_fixed, "
            + "pause, error_e, diode_fail, auth, overdraw, ventilation, pp";
    /** How long the bench's car takes to follow a PWM stop or restart; IEC 61851-1 Seq 10.1 allows it 3 s. */
    static final long REACTION_MS = 200;
    /** The PP resistor of the bench's cable until a script says otherwise: 220 Ohm codes 32 A. */
    static final double DEFAULT_PP_OHMS = 220;

    private enum Mode { NONE, REGULATED, FIXED, OVERDRAW }

    private final List<EvScript.Step> steps;
    private final EvBoard board;
    private final Scheduler scheduler;
    private final Trace trace;
    private final Consumer<String> tokens;

    private int next;
    private boolean finished;
    private boolean waitingForPower;

    private boolean plugged;
    private Mode mode = Mode.NONE;
    private boolean ventilation;
    private boolean leftForPwmStop;
    private double requestedA;
    private int phases = 3;
    private EvLoad load = EvLoad.A;
    private EvMeasurement.Cp lastCp;
    private boolean power;
    private Scheduler.Timer reaction;
    private double loadA = -1;
    private int loadPhases;

    /** @param tokens receives {@code auth TAG}; null where the bench cannot present a card (a case then is skipped) */
    EvPlayer(EvScript script, EvBoard board, Scheduler scheduler, Trace trace, Consumer<String> tokens) {
        this.steps = Objects.requireNonNull(script, "script").steps();
        this.board = board;
        this.scheduler = scheduler;
        this.trace = trace;
        this.tokens = tokens;
    }

    void start() {
        if (board.capabilities().hasPp()) {
            board.ppResistor(DEFAULT_PP_OHMS);
        }
        scheduler.schedule(0, this::runSteps);
    }

    boolean finished() {
        return finished;
    }

    /** What kept the script from finishing, for the report. */
    String stuckAt() {
        if (next >= steps.size()) {
            return "finished";
        }
        EvScript.Step s = steps.get(Math.min(next, steps.size() - 1));
        return "command " + s.number() + " \"" + s.text() + "\"" + (waitingForPower ? " waiting for a PWM that offers current" : "");
    }

    /** A measurement arrived (on the scheduler's thread): the car follows the PWM, a waiting script resumes. */
    void onMeasurement(EvMeasurement m) {
        if (m instanceof EvMeasurement.Power p) {
            power = p.present();
            updateCurrent();
            return;
        }
        if (!(m instanceof EvMeasurement.Cp cp)) {
            return;
        }
        boolean wasOffered = offered(lastCp);
        lastCp = cp;
        boolean offered = offered(cp);
        if (wasOffered != offered && (mode == Mode.REGULATED || mode == Mode.OVERDRAW || mode == Mode.FIXED)) {
            if (reaction != null) {
                reaction.cancel();
            }
            reaction = scheduler.schedule(REACTION_MS, () -> follow(offered));
        }
        updateCurrent();
        if (waitingForPower && offered) {
            waitingForPower = false;
            scheduler.schedule(0, this::runSteps);
        }
    }

    private static boolean offered(EvMeasurement.Cp cp) {
        return cp != null && cp.pwm() && PilotDecoding.ampsForDuty(cp.dutyPercent()) > 0;
    }

    /** IEC 61851-1 Seq 10.1: a compliant car opens S2 when the PWM stops, and closes it again when current is offered. */
    private void follow(boolean offered) {
        reaction = null;
        if (!plugged || mode == Mode.NONE) {
            return;
        }
        if (!offered && mode != Mode.FIXED && load.requestsPower()) {
            leftForPwmStop = true;
            setLoad(EvLoad.B);
        } else if (offered && leftForPwmStop) {
            leftForPwmStop = false;
            setLoad(ventilation ? EvLoad.D : EvLoad.C);
        }
    }

    private void runSteps() {
        while (next < steps.size()) {
            EvCommand command = steps.get(next).command();
            if (command instanceof EvCommand.IecWaitPwrReady && !offered(lastCp)) {
                waitingForPower = true;
                return;
            }
            next++;
            if (command instanceof EvCommand.Sleep sleep) {
                scheduler.schedule(sleep.millis(), this::runSteps);
                return;
            }
            apply(command);
        }
        finished = true;
    }

    private void apply(EvCommand command) {
        long now = scheduler.time().monotonicMs();
        if (command instanceof EvCommand.Plugin) {
            plugged = true;
            setLoad(mode == Mode.NONE ? EvLoad.B : wanted());
        } else if (command instanceof EvCommand.Unplug) {
            plugged = false;
            mode = Mode.NONE;
            leftForPwmStop = false;
            setLoad(EvLoad.A);
            board.peShort(false);
            board.diodeShort(false);
        } else if (command instanceof EvCommand.DrawPowerRegulated d) {
            draw(Mode.REGULATED, d.amps(), d.phases());
        } else if (command instanceof EvCommand.DrawPowerFixed d) {
            draw(Mode.FIXED, d.amps(), d.phases());
        } else if (command instanceof EvCommand.Overdraw o) {
            draw(Mode.OVERDRAW, o.amps(), phases);
        } else if (command instanceof EvCommand.Pause) {
            mode = Mode.NONE;
            leftForPwmStop = false;
            if (plugged) {
                setLoad(EvLoad.B);
            }
        } else if (command instanceof EvCommand.ErrorE) {
            board.peShort(true);
            trace.anchor(now, List.of("E"));
        } else if (command instanceof EvCommand.DiodeFail) {
            board.diodeShort(true);
            trace.anchor(now, List.of("diode_fault"));
        } else if (command instanceof EvCommand.Ventilation v) {
            ventilation = v.on();
            if (load.requestsPower()) {
                setLoad(wanted());
            }
        } else if (command instanceof EvCommand.Pp pp) {
            board.ppResistor(pp.ohms());
        } else if (command instanceof EvCommand.Auth auth) {
            tokens.accept(auth.tag()); // a case with auth runs only where tokens exist (BenchRunner)
        } else {
            throw new IllegalStateException("not an EV word: " + command); // Suite refuses these when it reads the file
        }
        updateCurrent();
    }

    private void draw(Mode mode, double amps, int phases) {
        this.mode = mode;
        this.requestedA = amps;
        this.phases = phases;
        leftForPwmStop = false;
        if (plugged) {
            setLoad(wanted());
        }
    }

    private EvLoad wanted() {
        return ventilation ? EvLoad.D : EvLoad.C;
    }

    private void setLoad(EvLoad to) {
        if (to == load) {
            return;
        }
        List<String> names = new ArrayList<>();
        names.add(to.name());
        names.add(load.name() + "->" + to.name());
        load = to;
        board.cpLoad(to);
        trace.anchor(scheduler.time().monotonicMs(), names);
    }

    /** The programmable load draws what the car takes: nothing in A or B, min(request, PWM) when regulated. */
    private void updateCurrent() {
        if (!board.capabilities().hasProgrammableLoad()) {
            return;
        }
        double amps = 0;
        if (plugged && load.requestsPower() && power) {
            amps = switch (mode) {
                case NONE -> 0;
                case REGULATED -> lastCp != null && lastCp.pwm() ? Math.min(requestedA, PilotDecoding.ampsForDuty(lastCp.dutyPercent())) : 0;
                case FIXED, OVERDRAW -> requestedA;
            };
        }
        amps = Math.min(amps, board.capabilities().maxLoadA());
        if (amps != loadA || phases != loadPhases) {
            loadA = amps;
            loadPhases = phases;
            board.loadCurrent(amps, phases);
        }
    }
}
