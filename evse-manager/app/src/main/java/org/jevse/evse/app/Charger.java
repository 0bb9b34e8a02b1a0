package org.jevse.evse.app;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.random.RandomGenerator;
import org.jevse.board.port.BoardCommand;
import org.jevse.board.port.BoardEvent;
import org.jevse.board.port.BoardSupport;
import org.jevse.board.time.EventLoop;
import org.jevse.board.time.Scheduler;
import org.jevse.config.JevseConfig;
import org.jevse.evse.core.ChargerCore;
import org.jevse.evse.core.ChargerInput;
import org.jevse.evse.core.ControlEvent;
import org.jevse.evse.core.CoreOutput;
import org.jevse.evse.core.Notification;
import org.jevse.evse.core.Status;
import org.jevse.evse.app.plugin.ChargerListener;
import org.jevse.evse.app.plugin.AuthorizationPort;
import org.jevse.evse.app.plugin.ChargerAccess;

/**
 * Wires the pure core to a board, the event loop and the authorization port. Every input reaches the core on
 * the loop thread; the core's board commands go straight to the board in the same call, so a power-off leaves
 * the process within the event that caused it.
 */
public final class Charger implements CoreOutput, ChargerAccess {

    /** Safety net: the core is ticked at least this often, on top of its own deadlines (EVerest ticks at 100 ms). */
    static final long HEARTBEAT_MS = 1000;
    /**
     * Board events handed to the loop and not taken by it yet, at most. A board reports a few events a second; one
     * that floods (a faulty MCU, a serial line at a few Mbaud) would otherwise queue them without limit until the
     * heap is gone. Past this many the board's thread waits, so the excess waits in the serial line, whose driver
     * drops what it cannot hold (the frame decoder counts it). Rule: nothing from outside can exhaust memory.
     */
    public static final int MAX_PENDING_BOARD_EVENTS = 1000;

    private final ChargerCore core;
    private final BoardSupport board;
    private final EventLoop loop;
    private final Semaphore boardEventRoom = new Semaphore(MAX_PENDING_BOARD_EVENTS);
    private AuthorizationPort authorization;
    private final List<ChargerListener> listeners = new CopyOnWriteArrayList<>();
    private final long originMs;
    /**
     * Every board event not handled yet, in the order the board reported it, whichever thread it came from: a
     * report from the loop thread must not overtake one a board thread handed in just before (a socket's start-up
     * "no cable" handled after the plug-in's "32 A" would leave the core with no cable).
     */
    private final ConcurrentLinkedQueue<PendingBoardEvent> boardEvents = new ConcurrentLinkedQueue<>();
    private boolean inCore;
    private Scheduler.Timer deadlineTimer;
    private long deadlineAtMs = Long.MAX_VALUE;

    public Charger(JevseConfig cfg, BoardSupport board, int initialPhases, EventLoop loop, RandomGenerator random,
                   AuthorizationPort authorization) {
        this.board = board;
        this.loop = loop;
        this.authorization = authorization;
        this.originMs = loop.time().monotonicMs();
        this.core = new ChargerCore(cfg.evse(), cfg.auth().connectionTimeoutS(), board.capabilities(), initialPhases,
                loop.time(), random);
    }

    /** Replaces the authorization port (OCPP installs its own); call before {@link #start()}. */
    public void setAuthorization(AuthorizationPort port) {
        this.authorization = port;
    }

    public AuthorizationPort authorization() {
        return authorization;
    }

    public void addListener(ChargerListener l) {
        listeners.add(l);
    }

    /** Starts the core and the board. Call on the loop thread (or before the loop runs). */
    public void start() {
        board.setListener(this::onBoardEventFromAnyThread);
        step(new ChargerInput.Start());
        board.start();
        heartbeat();
    }

    /** Hands a control event to the core; safe from any thread. */
    public void control(ControlEvent event) {
        ChargerInput input = new ChargerInput.Control(event);
        loop.submit(() -> step(input));
    }

    /** Milliseconds of monotonic time since this charger was created (the {@code t} of the event stream). */
    public long elapsedMs() {
        return loop.time().monotonicMs() - originMs;
    }

    public Status status() {
        return core.status();
    }

    /** The charger's wall clock (ms since 1970): labels for logs, never timing. */
    public long wallMs() {
        return loop.time().wallMs();
    }

    public ChargerCore core() {
        return core;
    }

    /** A board event waiting for the loop; {@code holdsRoom} when it took one of the pending slots. */
    private record PendingBoardEvent(BoardEvent event, boolean holdsRoom) {
    }

    // The board may call from a GPIO or serial thread, or (the simulator) on the loop thread; either way the event
    // joins the one queue, so the core sees the events in the order the board reported them.
    private void onBoardEventFromAnyThread(BoardEvent event) {
        if (loop.inLoopThread()) {
            boardEvents.add(new PendingBoardEvent(event, false));
            if (!inCore) {
                // A board that reports synchronously from inside a command (the simulator does) must not re-enter
                // the core mid-step: its event is handled right after the step that caused it.
                step(null);
            }
            return;
        }
        boolean room = waitForRoom();
        boardEvents.add(new PendingBoardEvent(event, room));
        loop.submit(() -> step(null));
    }

    /**
     * Waits until fewer than {@link #MAX_PENDING_BOARD_EVENTS} board events wait for the loop; false when the
     * thread was interrupted instead. Never drop what a board reports (an RCD trip, CP E): an interrupted thread
     * hands its event on without room, and keeps its interrupt for whoever is stopping it.
     */
    private boolean waitForRoom() {
        try {
            boardEventRoom.acquire();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Runs the board events that wait (reported before this input), the input (null: none) as one step, then the
     * board events that arrived during it, each as its own step.
     */
    private void step(ChargerInput input) {
        inCore = true;
        try {
            runPendingBoardEvents();
            if (input != null) {
                run(input);
                runPendingBoardEvents();
            }
        } finally {
            inCore = false;
        }
        rescheduleDeadline();
    }

    private void runPendingBoardEvents() {
        PendingBoardEvent next;
        while ((next = boardEvents.poll()) != null) {
            if (next.holdsRoom()) {
                boardEventRoom.release();
            }
            run(new ChargerInput.Board(next.event()));
        }
    }

    private void run(ChargerInput input) {
        if (input instanceof ChargerInput.Board b) {
            long t = elapsedMs();
            for (ChargerListener l : listeners) {
                l.onBoardEvent(t, b.event());
            }
        }
        core.accept(input, this);
        long t = elapsedMs();
        for (ChargerListener l : listeners) {
            l.onStepEnd(t, input);
        }
    }

    @Override
    public void command(BoardCommand command) {
        command.applyTo(board);
        long t = elapsedMs();
        for (ChargerListener l : listeners) {
            l.onCommand(t, command);
        }
    }

    @Override
    public void notify(Notification n) {
        long t = elapsedMs();
        for (ChargerListener l : listeners) {
            l.onNotification(t, n);
        }
        if (n instanceof Notification.AuthorizationRequested req) {
            authorization.authorize(req.tag(), accepted -> loop.submit(() -> {
                long at = elapsedMs();
                for (ChargerListener l : listeners) {
                    l.onAuthorization(at, req.tag(), accepted);
                }
                step(new ChargerInput.Control(new ControlEvent.AuthorizationResult(req.tag(), accepted)));
            }));
        }
    }

    private void heartbeat() {
        loop.schedule(HEARTBEAT_MS, () -> {
            step(ChargerInput.TICK);
            heartbeat();
        });
    }

    /** Keeps exactly one timer at the core's next deadline. */
    private void rescheduleDeadline() {
        long due = core.nextDeadlineMs();
        if (due == deadlineAtMs) {
            return;
        }
        if (deadlineTimer != null) {
            deadlineTimer.cancel();
            deadlineTimer = null;
        }
        deadlineAtMs = due;
        if (due != Long.MAX_VALUE) {
            long delay = Math.max(0, due - loop.time().monotonicMs());
            deadlineTimer = loop.schedule(delay, () -> {
                deadlineTimer = null;
                deadlineAtMs = Long.MAX_VALUE;
                step(ChargerInput.TICK);
            });
        }
    }
}
