package org.jevse.board.sim;

import java.util.function.Consumer;
import org.jevse.board.port.BoardEvent;
import org.jevse.board.port.PerPhase;
import org.jevse.board.port.PowermeterValues;
import org.jevse.board.time.Scheduler;

/**
 * The simulated board's powermeter: energy is integrated exactly between changes of current, not sampled at meter
 * ticks; every meter interval it sends a reading, or while failing a PowermeterError (and keeps counting energy).
 */
final class SimulatedMeter {
    private final Scheduler scheduler;
    private final int intervalMs;
    private final double nominalVoltage;
    private final int phases;
    private final Consumer<BoardEvent> emit;

    private double energyWh;
    private long integratedToMs;
    private PerPhase currentA = PerPhase.ZERO;
    private boolean failing;
    private Scheduler.Timer timer;

    SimulatedMeter(Scheduler scheduler, int intervalMs, double nominalVoltage, int phases, Consumer<BoardEvent> emit) {
        this.scheduler = scheduler;
        this.intervalMs = intervalMs;
        this.nominalVoltage = nominalVoltage;
        this.phases = phases;
        this.emit = emit;
        this.integratedToMs = now();
    }

    void start() {
        timer = scheduler.schedule(intervalMs, this::tick);
    }

    void close() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    /** The current from now on; the energy up to now is counted at the current before. */
    void current(PerPhase amps) {
        integrate();
        currentA = amps;
    }

    PerPhase current() {
        return currentA;
    }

    /** What the meter would read now (also while it fails to answer). */
    PowermeterValues values() {
        integrate();
        return new PowermeterValues(energyWh, currentA.sum() * nominalVoltage, currentA,
                PerPhase.of(nominalVoltage, phases));
    }

    void fail(boolean fail) {
        failing = fail;
    }

    boolean failing() {
        return failing;
    }

    private long now() {
        return scheduler.time().monotonicMs();
    }

    private void integrate() {
        long now = now();
        energyWh += currentA.sum() * nominalVoltage * (now - integratedToMs) / 3_600_000.0;
        integratedToMs = now;
    }

    private void tick() {
        timer = scheduler.schedule(intervalMs, this::tick);
        if (failing) {
            emit.accept(new BoardEvent.PowermeterError("simulated powermeter does not answer (meter_fail)"));
        } else {
            emit.accept(new BoardEvent.PowermeterReading(values()));
        }
    }
}
