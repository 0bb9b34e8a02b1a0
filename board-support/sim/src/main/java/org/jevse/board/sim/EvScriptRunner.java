package org.jevse.board.sim;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jevse.board.time.Scheduler;

/**
 * Plays an {@link EvScript} against a {@link SimulatedBoard} on the board's scheduler: commands run in order,
 * {@code sleep} waits in (simulated) time, {@code iec_wait_pwr_ready} waits for a PWM that offers current
 * (checked again on every pilot change), and {@code auth TAG} hands the tag to the token callback, which the
 * runtime turns into an authorization request.
 *
 * <p>Everything runs on the scheduler's thread; {@link #start()} only schedules the first command.
 */
public final class EvScriptRunner {

    private final List<EvScript.Step> steps;
    private final SimulatedBoard board;
    private final Scheduler scheduler;
    private final Consumer<String> tokens;
    private Runnable onFinished = () -> { };

    private int next;
    private boolean started;
    private boolean stopped;
    private boolean finished;
    private boolean waitingForPower;
    private Scheduler.Timer timer;

    /**
     * @param tokens receives the tag of every {@code auth TAG} command
     */
    public EvScriptRunner(EvScript script, SimulatedBoard board, Consumer<String> tokens) {
        this.steps = Objects.requireNonNull(script, "script").steps();
        this.board = Objects.requireNonNull(board, "board");
        this.scheduler = board.scheduler();
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        board.addPilotListener(this::pilotChanged);
    }

    /** Called once, on the scheduler's thread, after the last command has run. */
    public EvScriptRunner onFinished(Runnable callback) {
        this.onFinished = Objects.requireNonNull(callback, "callback");
        return this;
    }

    /** Schedules the first command to run as soon as the scheduler gets to it. */
    public void start() {
        if (started) {
            throw new IllegalStateException("the EV script runner is already started");
        }
        started = true;
        timer = scheduler.schedule(0, this::runSteps);
    }

    /** Abandons the rest of the script; {@link #finished()} stays false and no callback runs. */
    public void stop() {
        stopped = true;
        waitingForPower = false;
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    /** Every command has run. */
    public boolean finished() {
        return finished;
    }

    /** The script sits in {@code iec_wait_pwr_ready}. */
    public boolean waitingForPower() {
        return waitingForPower;
    }

    /** Number of the next command to run (1-based), or size + 1 when all have run. */
    public int nextCommandNumber() {
        return next + 1;
    }

    private void runSteps() {
        timer = null;
        while (!stopped && next < steps.size()) {
            EvCommand command = steps.get(next).command();
            if (command instanceof EvCommand.IecWaitPwrReady && !powerOffered()) {
                waitingForPower = true; // pilotChanged resumes us
                return;
            }
            next++;
            if (command instanceof EvCommand.Sleep sleep) {
                timer = scheduler.schedule(sleep.millis(), this::runSteps);
                return;
            } else if (command instanceof EvCommand.Auth auth) {
                tokens.accept(auth.tag());
            } else if (command instanceof EvCommand.EvAction action) {
                action.applyTo(board);
            }
        }
        if (!stopped && !finished) {
            finished = true;
            onFinished.run();
        }
    }

    private boolean powerOffered() {
        return SimulatedEv.offersPower(board.pilotMode(), board.pilotDutyPercent());
    }

    /**
     * Resumes a waiting script on a later turn of the loop, not inside the board command that changed the
     * pilot: the core that sent it should finish its step before the car acts.
     */
    private void pilotChanged() {
        if (waitingForPower && !stopped && powerOffered()) {
            waitingForPower = false;
            timer = scheduler.schedule(0, this::runSteps);
        }
    }
}
