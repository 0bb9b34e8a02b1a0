package org.jevse.board.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jevse.board.port.Ampacity;
import org.jevse.board.port.BoardEvent;
import org.jevse.board.port.BoardBase;
import org.jevse.board.port.BoardSupport;
import org.jevse.board.port.ConnectorType;
import org.jevse.board.port.CpState;
import org.jevse.board.port.HardwareCapabilities;
import org.jevse.board.port.PerPhase;
import org.jevse.board.port.PilotMode;
import org.jevse.board.port.PowerReason;
import org.jevse.board.port.PowermeterValues;
import org.jevse.board.time.Scheduler;
import org.jevse.config.SimBoardConfig;
import org.jevse.config.SimConnector;

/**
 * A charger board in software, with a {@link SimulatedEv} plugged into it: pilot and CP classification,
 * contactor with mirror contact, RCD, lock, proximity pilot and powermeter, all on the injected
 * {@link Scheduler} so that hours of charging run in milliseconds on virtual time.
 *
 * <p>Besides {@link BoardSupport} it has an injection API for the installation (the script words that are not
 * the car's, plus {@link #injectRcdTrip()}, {@link #failNextSelfTest()}, {@link #lockFault(LockFault)}) and
 * read-outs for tests; the car itself is driven through {@link #ev()}, which tells the board of every change.
 * Everything, commands included, must be called on the scheduler's thread. Events go to the listener
 * synchronously, in order: an event raised while the listener is handling another is queued behind it.
 */
public final class SimulatedBoard extends BoardBase {

    /** IEC 62955 RDC-DD: smooth DC residual current of 6 mA or more must remove the supply. */
    public static final double RCD_TRIP_MA = 6;
    public static final long RCD_SELF_TEST_MS = 200;
    public static final long LOCK_MS = 100;
    /** The PP resistor of the simulated cable: 220 Ohm codes 32 A (IEC 61851-1, Phoenix Table 5-1). */
    public static final double DEFAULT_PP_OHMS = 220;

    private final SimBoardConfig cfg;
    private final Scheduler scheduler;
    private final SimulatedEv ev;
    private final SimulatedMeter meter;
    private final List<Runnable> pilotListeners = new ArrayList<>();
    private final List<Runnable> lineListeners = new ArrayList<>();

    private final EventOutbox outbox = new EventOutbox(events);

    private PilotMode pilotMode = PilotMode.X1;
    private double pilotDuty = 100;
    private PilotCircuit.Levels cpLevels;
    private CpState cpState = CpState.A;
    private boolean diodeFaultActive;
    private boolean evWasPlugged;

    private final SimulatedContactor contactor;
    private final SimulatedRcd rcd;
    private final SimulatedLock lock;
    private int phasesInUse;
    private int phaseSwitchesUnderLoad;
    private double overCurrentLimitA = Double.NaN;
    private double ppOhms = DEFAULT_PP_OHMS;

    public SimulatedBoard(SimBoardConfig cfg, double nominalVoltage, Scheduler scheduler) {
        super(capabilities(cfg));
        this.cfg = cfg;
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        if (!(nominalVoltage > 0)) {
            throw new IllegalArgumentException("nominal voltage must be > 0, got " + nominalVoltage);
        }
        this.phasesInUse = cfg.phases();
        this.contactor = new SimulatedContactor(scheduler, cfg.relayDelayMs(), this::rcdTripped, this::contactsMoved);
        this.rcd = new SimulatedRcd(cfg.rcd(), scheduler, this::emit, contactor);
        this.lock = new SimulatedLock(cfg.lock(), scheduler, this::emit);
        this.meter = new SimulatedMeter(scheduler, cfg.meterIntervalMs(), nominalVoltage, cfg.phases(), this::emit);
        this.ev = new SimulatedEv(scheduler, cfg.evReactionMs());
        ev.onChange(this::refresh);
        refresh();
    }

    private static HardwareCapabilities capabilities(SimBoardConfig cfg) {
        boolean cable = Objects.requireNonNull(cfg, "cfg").connector() == SimConnector.cable;
        return new HardwareCapabilities(
                cfg.minCurrentA(), cfg.maxCurrentA(),
                cfg.phaseSwitching() ? 1 : cfg.phases(), cfg.phases(),
                cfg.phaseSwitching(), cfg.relayFeedback(), cfg.lock(), cfg.rcd(),
                cable ? ConnectorType.TETHERED_CABLE : ConnectorType.SOCKET,
                cable ? cfg.cableRatingA() : 0);
    }

    // ---- BoardSupport ----

    /** Reports the CP state (and for a socket the PP) as they are now, then starts the powermeter. */
    @Override
    protected void started() {
        emit(new BoardEvent.CpChanged(cpState));
        if (isSocket()) {
            emit(new BoardEvent.PpAmpacity(ppAmpacity()));
        }
        if (diodeFaultActive) {
            emit(new BoardEvent.DiodeFault());
        }
        meter.start();
    }

    /** Every pilot change is seen by the car, and then by the pilot listeners (the script's iec_wait_pwr_ready). */
    @Override
    protected void pilot(PilotMode mode, double duty) {
        if (mode == pilotMode && duty == pilotDuty) {
            return;
        }
        pilotMode = mode;
        pilotDuty = duty;
        ev.pilotChanged(mode, duty);
        refresh();
        for (Runnable l : List.copyOf(pilotListeners)) {
            l.run();
        }
    }

    /** The contactor follows after {@code relay_delay_ms}; the mirror contact then reports the transition. */
    @Override
    public void allowPower(boolean on, PowerReason reason) {
        contactor.command(on);
    }

    /**
     * Switches the phase contactor. The port promises this only with the main contactor open; a call with it
     * closed still switches (as real relays would) but is counted in {@link #phaseSwitchesUnderLoad()}.
     * A phase count the board cannot do is ignored, as the port contract asks.
     */
    @Override
    public void switchPhases(int phases) {
        if (phases < capabilities.minPhases() || phases > capabilities.maxPhases()) {
            return;
        }
        if (contactor.closed()) {
            phaseSwitchesUnderLoad++;
        }
        phasesInUse = phases;
        refresh();
    }

    @Override
    public void setOverCurrentLimit(double amps) {
        overCurrentLimitA = amps;
    }

    /** The lock motor runs, then the position switch reports where the lock is ({@link SimulatedLock}). */
    @Override
    public void lockConnector(boolean lock) {
        this.lock.lock(lock);
    }

    @Override
    public void rcdSelfTest() {
        rcd.selfTest();
    }

    /** Re-arms a tripped RCD; onto a fault still flowing it trips again at once ({@link SimulatedRcd#reset()}). */
    @Override
    public void rcdReset() {
        rcd.reset();
    }

    @Override
    public void close() {
        events.close();
        contactor.close();
        meter.close();
    }

    // ---- Injection API: the installation's script words (the car's are on ev()) ----

    /** Smooth DC residual current; at {@link #RCD_TRIP_MA} or more a fitted RCD trips (once, until reset). */
    public void rcdCurrent(double milliamps) {
        rcd.current(milliamps);
    }

    /** The cable's PP resistor; a plugged socket cable is measured again at once. */
    public void pp(double ohms) {
        if (!(ohms > 0)) {
            throw new IllegalArgumentException("PP resistance must be > 0 Ohm, got " + ohms);
        }
        ppOhms = ohms;
        if (isSocket() && ev.plugged()) {
            emit(new BoardEvent.PpAmpacity(ppAmpacity()));
        }
    }

    /** The contacts weld the next time they open: they stay closed, and the mirror contact sends no PowerOff. */
    public void weldOnNextOpen() {
        contactor.weldOnNextOpen();
    }

    /** While failing, the powermeter sends PowermeterError instead of readings; it keeps counting energy. */
    public void meterFail(boolean failing) {
        meter.fail(failing);
    }

    // ---- Injection API: faults with no script word ----

    /** A trip with whatever residual current flows now (a nuisance trip if none does). */
    public void injectRcdTrip() {
        rcd.injectTrip();
    }

    /** How the lock misbehaves from now on ({@link LockFault#NONE} repairs it). */
    public void lockFault(LockFault fault) {
        lock.fault(fault);
    }

    public void failNextSelfTest() {
        rcd.failNextSelfTest();
    }

    // ---- Read-outs ----

    public SimulatedEv ev() {
        return ev;
    }

    /** The CP state the board last classified (and reported, once started). */
    public CpState cpState() {
        return cpState;
    }

    public PilotCircuit.Levels cpLevels() {
        return cpLevels;
    }

    /** The pilot as last commanded. */
    public PilotMode pilotMode() {
        return pilotMode;
    }

    public double pilotDutyPercent() {
        return pilotDuty;
    }

    /** The last allowPower value. */
    public boolean contactorCommanded() {
        return contactor.commanded();
    }

    /** Whether the contacts are physically closed (they lag the command, and may be welded). */
    public boolean contactorClosed() {
        return contactor.closed();
    }

    public boolean welded() {
        return contactor.welded();
    }

    public int phasesInUse() {
        return phasesInUse;
    }

    /** switchPhases calls made while the contacts were physically closed: each breaks the port contract. */
    public int phaseSwitchesUnderLoad() {
        return phaseSwitchesUnderLoad;
    }

    /** The last setOverCurrentLimit value, NaN until one is set. */
    public double overCurrentLimitA() {
        return overCurrentLimitA;
    }

    public boolean rcdTripped() {
        return rcd.tripped();
    }

    public double residualCurrentMa() {
        return rcd.residualCurrentMa();
    }

    public boolean locked() {
        return lock.locked();
    }

    public double ppOhms() {
        return ppOhms;
    }

    /** The current flowing now, per phase. */
    public PerPhase currentA() {
        return meter.current();
    }

    /** What the meter would read now (also while it fails to answer). */
    public PowermeterValues meterValues() {
        return meter.values();
    }

    public boolean meterFailing() {
        return meter.failing();
    }

    Scheduler scheduler() {
        return scheduler;
    }

    /**
     * Called after anything on the line may have changed (pilot, CP levels, contactor, current): an EV-side board
     * at the other end of the simulated cable measures then. On the scheduler's thread, possibly inside a command.
     */
    public void addLineListener(Runnable lineListener) {
        lineListeners.add(Objects.requireNonNull(lineListener, "lineListener"));
    }

    /** Called after every pilot change (the script runner's iec_wait_pwr_ready). */
    void addPilotListener(Runnable pilotListener) {
        pilotListeners.add(pilotListener);
    }

    // ---- Internals ----

    private boolean isSocket() {
        return capabilities.connectorType() == ConnectorType.SOCKET;
    }

    private Ampacity ppAmpacity() {
        return ev.plugged() ? Ampacity.fromOhms(ppOhms) : Ampacity.NONE;
    }

    /** The contacts moved: the line changes, and the mirror contact reports it. */
    private void contactsMoved(boolean closed) {
        refresh();
        if (cfg.relayFeedback()) {
            emit(new BoardEvent.RelayFeedback(closed));
        }
    }

    /** Brings current, energy, PP and CP up to date after anything changed. */
    private void refresh() {
        meter.current(contactor.closed() ? PerPhase.of(ev.demandA(), Math.min(ev.phases(), phasesInUse))
                : PerPhase.ZERO);
        boolean plugged = ev.plugged();
        // CP is the last contact to make and the first to break: PP is measured before the car shows B,
        // and lost after it shows A.
        if (plugged && !evWasPlugged) {
            evWasPlugged = true;
            reportPp();
        }
        updateCp();
        if (!plugged && evWasPlugged) {
            evWasPlugged = false;
            reportPp();
        }
        for (Runnable l : List.copyOf(lineListeners)) {
            l.run();
        }
    }

    private void reportPp() {
        if (isSocket()) {
            emit(new BoardEvent.PpAmpacity(ppAmpacity()));
        }
    }

    private void updateCp() {
        cpLevels = PilotCircuit.levels(pilotMode, pilotDuty, ev.load(), ev.diodeShorted());
        CpState state = PilotCircuit.state(cpLevels);
        if (state != null && state != cpState) {
            cpState = state;
            emit(new BoardEvent.CpChanged(state));
        }
        boolean fault = PilotCircuit.diodeFault(cpLevels);
        if (fault && !diodeFaultActive) {
            emit(new BoardEvent.DiodeFault());
        }
        diodeFaultActive = fault;
    }

    private void emit(BoardEvent event) {
        outbox.emit(event);
    }
}
