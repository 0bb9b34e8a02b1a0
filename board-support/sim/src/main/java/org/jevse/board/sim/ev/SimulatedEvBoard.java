package org.jevse.board.sim.ev;

import java.util.Objects;
import org.jevse.board.ev.EvBoard;
import org.jevse.board.ev.EvCapabilities;
import org.jevse.board.ev.EvLoad;
import org.jevse.board.ev.EvMeasurement;
import org.jevse.board.ev.EvMeasurementListener;
import org.jevse.board.port.PerPhase;
import org.jevse.board.port.PilotMode;
import org.jevse.board.sim.PilotCircuit;
import org.jevse.board.sim.SimulatedBoard;
import org.jevse.board.time.Scheduler;

/**
 * The EV side of a simulated pilot line: an EV emulator at the far end of the cable of a charger-side
 * {@link SimulatedBoard}. Its commands set the car's switches ({@link org.jevse.board.sim.SimulatedEv#benchSet});
 * it measures what an EV emulator's probe would: the CP levels, the PWM's frequency and duty, whether the
 * contactor put power on the output, and the current the load draws. Everything runs on the scheduler's thread,
 * and every measurement carries the scheduler's monotonic time, so the bench runs the charger's core in virtual
 * time.
 */
public final class SimulatedEvBoard implements EvBoard {

    /** The simulated charger's PWM generator runs at the nominal 1 kHz (IEC 61851-1). */
    static final double PWM_HZ = 1000;
    /** A PWM is seen only when its two levels are apart: a short before the diode flattens it. */
    static final double EDGE_V = 1;

    private final SimulatedBoard line;
    private final Scheduler scheduler;
    private final EvCapabilities capabilities;
    private EvMeasurementListener listener = m -> { };
    private boolean started;
    private boolean closed;

    private EvLoad load = EvLoad.A;
    private boolean diodeShorted;
    private boolean peShorted;
    private double loadA;
    private int loadPhases = 3;

    private EvMeasurement.Cp lastCp;
    private Boolean lastPower;
    private PerPhase lastCurrent;

    public SimulatedEvBoard(SimulatedBoard line, Scheduler scheduler, double maxLoadA) {
        this.line = Objects.requireNonNull(line, "line");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.capabilities = EvCapabilities.full(maxLoadA);
        line.addLineListener(this::measure);
        apply();
    }

    @Override
    public EvCapabilities capabilities() {
        return capabilities;
    }

    @Override
    public void setListener(EvMeasurementListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public void start() {
        started = true;
        measure();
    }

    @Override
    public void cpLoad(EvLoad load) {
        this.load = Objects.requireNonNull(load, "load");
        apply();
    }

    @Override
    public void diodeShort(boolean shorted) {
        diodeShorted = shorted;
        apply();
    }

    @Override
    public void peShort(boolean shorted) {
        peShorted = shorted;
        apply();
    }

    @Override
    public void ppResistor(double ohms) {
        if (!(ohms > 0)) {
            throw new IllegalArgumentException("PP resistance must be > 0 Ohm (infinite for none), got " + ohms);
        }
        line.pp(ohms);
    }

    @Override
    public void loadCurrent(double amps, int phases) {
        if (!(amps >= 0) || amps > capabilities.maxLoadA() || phases < 1 || phases > 3) {
            throw new IllegalArgumentException("load current must be 0.." + capabilities.maxLoadA() + " A on 1..3 phases, got "
                    + amps + " A on " + phases);
        }
        loadA = amps;
        loadPhases = phases;
        apply();
    }

    @Override
    public void close() {
        closed = true;
    }

    private void apply() {
        line.ev().benchSet(load != EvLoad.A, load.requestsPower(), load == EvLoad.D, diodeShorted, peShorted, loadA,
                loadPhases);
    }

    /** Measures the line; reports what changed since the last report. */
    private void measure() {
        if (!started || closed) {
            return;
        }
        long now = scheduler.time().monotonicMs();
        EvMeasurement.Cp cp = cp(now);
        if (lastCp == null || !sameCp(lastCp, cp)) {
            lastCp = cp;
            listener.onMeasurement(cp);
        }
        boolean power = line.contactorClosed();
        if (lastPower == null || lastPower != power) {
            lastPower = power;
            listener.onMeasurement(new EvMeasurement.Power(now, power));
        }
        PerPhase current = line.currentA();
        if (!current.equals(lastCurrent)) {
            lastCurrent = current;
            listener.onMeasurement(new EvMeasurement.Current(now, current));
        }
    }

    private EvMeasurement.Cp cp(long now) {
        PilotCircuit.Levels levels = line.cpLevels();
        boolean edges = line.pilotMode() == PilotMode.PWM && levels.hasHigh() && levels.hasLow()
                && levels.highV() - levels.lowV() > EDGE_V;
        double duty = edges ? line.pilotDutyPercent() : levels.hasHigh() ? 100 : 0;
        return new EvMeasurement.Cp(now, levels.highV(), levels.lowV(), edges ? PWM_HZ : 0, duty);
    }

    private static boolean sameCp(EvMeasurement.Cp a, EvMeasurement.Cp b) {
        return Double.compare(a.highV(), b.highV()) == 0 && Double.compare(a.lowV(), b.lowV()) == 0
                && a.frequencyHz() == b.frequencyHz() && a.dutyPercent() == b.dutyPercent();
    }
}
