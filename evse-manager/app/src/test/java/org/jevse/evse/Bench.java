package org.jevse.evse;

import org.jevse.evse.core.ChargerInput;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.jevse.board.port.BoardCommand;
import org.jevse.board.port.BoardEvent;
import org.jevse.board.port.PilotMode;
import org.jevse.board.sim.EvScript;
import org.jevse.board.sim.EvScriptRunner;
import org.jevse.board.sim.SimulatedBoard;
import org.jevse.board.time.EventLoop;
import org.jevse.config.ConfigLoader;
import org.jevse.config.JevseConfig;
import org.jevse.evse.app.Charger;
import org.jevse.evse.app.plugin.ChargerListener;
import org.jevse.evse.app.LocalListAuthorization;
import org.jevse.evse.core.ControlEvent;
import org.jevse.evse.core.EvseState;
import org.jevse.evse.core.Notification;
import org.jevse.evse.core.SafetyInvariants;
import org.jevse.evse.core.Status;

/**
 * A test bench: the real core on the simulated board, on virtual time, recording everything that happens and
 * checking the safety invariants after every step of the core.
 */
public final class Bench implements ChargerListener {

    /** One thing that happened, at {@code t} ms of virtual time. */
    public record Rec(long t, Object what) {
    }

    /** Marks the end of one core step in the log: everything between two marks came from one input. */
    public record StepEnd(ChargerInput input) {
    }

    public final JevseConfig cfg;
    public final EventLoop loop;
    public final SimulatedBoard board;
    public final Charger charger;
    public final List<Rec> log = new ArrayList<>();
    public final List<String> violations = new ArrayList<>();
    private final SafetyInvariants invariants;
    private final List<BoardCommand> stepCommands = new ArrayList<>();
    private final List<Notification> stepNotifications = new ArrayList<>();
    private Status lastStatus;
    private EvScriptRunner runner;

    private Bench(JevseConfig cfg, long seed) {
        this.cfg = cfg;
        this.loop = EventLoop.virtual(1_700_000_000_000L);
        this.board = new SimulatedBoard(cfg.board().sim(), cfg.evse().acNominalVoltage(), loop);
        this.charger = new Charger(cfg, board, cfg.board().sim().phases(), loop, new SplittableRandom(seed),
                new LocalListAuthorization(cfg.auth().localList()));
        this.invariants = new SafetyInvariants(cfg.evse());
        charger.addListener(this);
    }

    /** A bench whose configuration is the defaults overlaid with {@code yaml} (may be empty). */
    public static Bench with(String yaml) {
        return with(yaml, 1);
    }

    public static Bench with(String yaml, long seed) {
        return new Bench(ConfigLoader.parse(yaml, "test config"), seed);
    }

    /** Starts the charger (pilot F, then ready on the first meter value). */
    public Bench start() {
        charger.start();
        loop.runUntil(loop.time().monotonicMs());
        return this;
    }

    /** Config lines that most scenarios share: one accepted tag. */
    public static final String TAG_GOOD = "auth:\n  local_list: [GOOD]\n";

    /** Starts and waits for the first meter value, after which the charger is Idle (at t = 1 s). */
    public Bench ready() {
        start();
        at(1.0);
        if (state() != EvseState.Idle) {
            fail("charger not Idle after start-up but " + state());
        }
        return this;
    }

    /** Ready, then an EV plugs in, the tag GOOD is presented and the EV asks for power: charging at once. */
    public Bench charging(String draw) {
        ready();
        ev("plugin; auth GOOD; " + draw);
        after(0.5);
        if (state() != EvseState.Charging) {
            fail("not Charging 0.5 s after plug-in and authorization but " + state() + "; errors " + status().errors());
        }
        return this;
    }

    /** Runs an EV script from now on (the script runs while time advances). */
    public Bench ev(String script) {
        runner = new EvScriptRunner(EvScript.parse(script), board,
                tag -> charger.control(new ControlEvent.TokenPresented(tag)));
        runner.start();
        settle();
        return this;
    }

    public Bench control(ControlEvent e) {
        charger.control(e);
        settle();
        return this;
    }

    /** Advances virtual time to {@code seconds} after the start, running everything due on the way. */
    public Bench at(double seconds) {
        loop.runUntil(Math.round(seconds * 1000));
        return this;
    }

    public Bench after(double seconds) {
        loop.runUntil(loop.time().monotonicMs() + Math.round(seconds * 1000));
        return this;
    }

    /** Runs what is due now. */
    public Bench settle() {
        loop.runUntil(loop.time().monotonicMs());
        return this;
    }

    public long now() {
        return loop.time().monotonicMs();
    }

    public Status status() {
        return charger.status();
    }

    public EvseState state() {
        return charger.status().state();
    }

    public boolean scriptFinished() {
        return runner == null || runner.finished();
    }

    // ---- recording and the invariants ----

    @Override
    public void onBoardEvent(long t, BoardEvent event) {
        log.add(new Rec(t, event));
    }

    @Override
    public void onCommand(long t, BoardCommand command) {
        log.add(new Rec(t, command));
        stepCommands.add(command);
    }

    @Override
    public void onNotification(long t, Notification n) {
        log.add(new Rec(t, n));
        stepNotifications.add(n);
    }

    @Override
    public void onStepEnd(long t, ChargerInput input) {
        if (input instanceof ChargerInput.Control c && c.event() instanceof ControlEvent.ResetFaults) {
            invariants.onReset();
        }
        Status after = charger.status();
        Status before = lastStatus != null ? lastStatus : after;
        List<String> v = invariants.checkStep(before, input, stepCommands, stepNotifications, after);
        if (board.contactorCommanded() != after.contactorOn()) {
            v = new ArrayList<>(v);
            v.add("board contactor command " + board.contactorCommanded() + " differs from the core's " + after.contactorOn());
        }
        for (String s : v) {
            violations.add("t=" + t + " ms after " + input + ": " + s);
        }
        lastStatus = after;
        log.add(new Rec(t, new StepEnd(input)));
        stepCommands.clear();
        stepNotifications.clear();
    }

    /** Fails the test if any invariant was violated so far. */
    public void assertSafe() {
        if (!violations.isEmpty()) {
            fail(violations.size() + " safety violations, first: " + violations.get(0));
        }
    }

    // ---- queries on the log ----

    public <T> List<T> all(Class<T> type) {
        List<T> r = new ArrayList<>();
        for (Rec rec : log) {
            if (type.isInstance(rec.what())) {
                r.add(type.cast(rec.what()));
            }
        }
        return r;
    }

    /** Time of the first record at or after {@code fromMs} matching the predicate, or -1. */
    public long firstAt(long fromMs, Predicate<Object> p) {
        for (Rec rec : log) {
            if (rec.t() >= fromMs && p.test(rec.what())) {
                return rec.t();
            }
        }
        return -1;
    }

    /**
     * What the core emitted in the step whose input matched {@code input} (the first such step at or after
     * {@code fromMs}): the records between that input and its {@link StepEnd}.
     */
    public List<Object> stepOf(long fromMs, Predicate<Object> input) {
        List<Object> r = new ArrayList<>();
        boolean in = false;
        for (Rec rec : log) {
            if (!in && rec.t() >= fromMs && input.test(rec.what())) {
                in = true;
                continue;
            }
            if (in) {
                if (rec.what() instanceof StepEnd) {
                    return r;
                }
                r.add(rec.what());
            }
        }
        return r;
    }

    /** All records matching the predicate, in order. */
    public List<Rec> records(Predicate<Object> p) {
        List<Rec> r = new ArrayList<>();
        for (Rec rec : log) {
            if (p.test(rec.what())) {
                r.add(rec);
            }
        }
        return r;
    }

    public static Predicate<Object> cp(org.jevse.board.port.CpState s) {
        return o -> o instanceof BoardEvent.CpChanged c && c.state() == s;
    }

    public static Predicate<Object> powerOn() {
        return o -> o instanceof BoardCommand.AllowPower p && p.on();
    }

    public static Predicate<Object> powerOff() {
        return o -> o instanceof BoardCommand.AllowPower p && !p.on();
    }

    public static Predicate<Object> pilot(PilotMode mode) {
        return o -> o instanceof BoardCommand.SetPilot p && p.mode() == mode;
    }

    public static Predicate<Object> pwmDuty(double duty) {
        return o -> o instanceof BoardCommand.SetPilot p && p.mode() == PilotMode.PWM && p.dutyPercent() == duty;
    }

    public static Predicate<Object> state(EvseState s) {
        return o -> o instanceof Notification.StateChanged c && c.state() == s;
    }

    public static Predicate<Object> errorRaised(org.jevse.evse.core.ErrorCode code) {
        return o -> o instanceof Notification.ErrorChanged e && e.active() && e.error().code() == code;
    }

    public static Predicate<Object> errorCleared(org.jevse.evse.core.ErrorCode code) {
        return o -> o instanceof Notification.ErrorChanged e && !e.active() && e.error().code() == code;
    }
}
