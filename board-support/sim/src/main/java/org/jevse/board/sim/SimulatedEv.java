package org.jevse.board.sim;

import org.jevse.board.ev.PilotDecoding;
import org.jevse.board.port.PilotMode;
import org.jevse.board.time.Scheduler;

/**
 * The simulated car at the end of the cable. It sees the pilot at once but acts on it only {@code ev_reaction_ms}
 * later: each pilot change is applied in order after that delay (IEC 61851-1 gives a car 5 s to follow a PWM
 * change and 3 s to leave C after a PWM stop).
 *
 * <p>Scripts and tests drive it directly (through {@link SimulatedBoard#ev()}); every change is reported to the
 * board it is plugged into, which then brings the CP, PP, current and events in step. Everything runs on the
 * scheduler's thread.
 */
public final class SimulatedEv {

    /** How the car decides its current. */
    public enum DrawMode {
        /** Not asking for power. */
        NONE,
        /** min(requested A, PWM current); leaves C when the PWM stops (a compliant car). */
        REGULATED,
        /** Requested A whatever the PWM says, and stays in C when it stops (a non-compliant "Kona" car). */
        FIXED,
        /** Requested A whatever the PWM says, but leaves C when the PWM stops. */
        OVERDRAW,
        /**
         * An EV emulator drives the switches ({@link #benchSet}): the car logic does not follow the pilot, and the
         * programmable load draws the set current whenever S2 is closed.
         */
        BENCH
    }

    private final Scheduler scheduler;
    private final long reactionMs;
    private Runnable changed = () -> { };

    private boolean plugged;
    private boolean s2Closed;
    private boolean ventilation;
    private boolean diodeShorted;
    private boolean cpShorted;
    /** A bench's short to PE behind the diode (state E as EV test equipment makes it). */
    private boolean peShortBehindDiode;
    private DrawMode mode = DrawMode.NONE;
    private double requestedA;
    /** An on-board charger is three-phase until a draw_power command says otherwise. */
    private int phases = 3;
    /** The pilot the car has reacted to so far; a board starts at X1 (+12 V). */
    private PilotMode seenMode = PilotMode.X1;
    private double seenDuty = 100;

    SimulatedEv(Scheduler scheduler, long reactionMs) {
        this.scheduler = scheduler;
        this.reactionMs = reactionMs;
    }

    /**
     * Current the car takes from a PWM duty cycle (IEC 61851-1 Table A.8 as cars read it); 0 means "no charging
     * allowed". The EV side's one reading of the duty cycle, {@link PilotDecoding#ampsForDuty}.
     */
    public static double ampsForDuty(double dutyPercent) {
        return PilotDecoding.ampsForDuty(dutyPercent);
    }

    /** A PWM that offers current: what {@code iec_wait_pwr_ready} waits for. */
    public static boolean offersPower(PilotMode mode, double dutyPercent) {
        return mode == PilotMode.PWM && ampsForDuty(dutyPercent) > 0;
    }

    /** The board's hook: run after every change of the car, so that the board re-reads the pilot circuit. */
    void onChange(Runnable changed) {
        this.changed = changed;
    }

    /** The board changed its pilot; the car acts on it after its reaction time. */
    void pilotChanged(PilotMode mode, double dutyPercent) {
        scheduler.schedule(reactionMs, () -> react(mode, dutyPercent));
    }

    private void react(PilotMode mode, double dutyPercent) {
        boolean wasOffered = offersPower(seenMode, seenDuty);
        seenMode = mode;
        seenDuty = dutyPercent;
        boolean offered = offersPower(mode, dutyPercent);
        if (plugged && this.mode != DrawMode.NONE && this.mode != DrawMode.BENCH) {
            if (wasOffered && !offered && this.mode != DrawMode.FIXED) {
                s2Closed = false; // PWM stopped: a compliant car goes to B (IEC 61851-1 Seq 10.1, within 3 s)
            } else if (!wasOffered && offered) {
                s2Closed = true; // PWM is back (or first offered) and the car still wants to charge
            }
        }
        changed.run();
    }

    /**
     * Into the socket. A car that already asks for power (a draw_power_* given while unplugged) closes S2 at once:
     * A straight to C, the "simplified mode" of IEC 61851-1:2019 A.2.3.
     */
    public void plugin() {
        plugged = true;
        if (mode != DrawMode.NONE) {
            s2Closed = true;
        }
        changed.run();
    }

    /** Out of the socket: the car forgets its charging request and its injected CP faults. */
    public void unplug() {
        plugged = false;
        s2Closed = false;
        mode = DrawMode.NONE;
        cpShorted = false;
        peShortBehindDiode = false;
        diodeShorted = false;
        changed.run();
    }

    public void drawPowerRegulated(double amps, int phases) {
        draw(DrawMode.REGULATED, amps, phases);
    }

    public void drawPowerFixed(double amps, int phases) {
        draw(DrawMode.FIXED, amps, phases);
    }

    /** Keeps the phases of the last draw_power command. */
    public void overdraw(double amps) {
        draw(DrawMode.OVERDRAW, amps, phases);
    }

    private void draw(DrawMode mode, double amps, int phases) {
        if (amps <= 0 || phases < 1 || phases > 3) {
            throw new IllegalArgumentException("need amps > 0 and 1..3 phases, got " + amps + " A on " + phases);
        }
        this.mode = mode;
        this.requestedA = amps;
        this.phases = phases;
        s2Closed = plugged; // S2 closed: C, or D with ventilation (EVerest's draw_power_* sets C at once)
        changed.run();
    }

    /**
     * An EV emulator sets every switch of the car at once (the EV-side bench driver): S1 (plugged), S2, the
     * ventilation resistor, the diode short, the short to PE behind the diode and the load current. The car logic
     * stays off until the next {@link #unplug()} or draw command.
     *
     * @param amps the current per phase the load draws while S2 is closed and power is present (0: none)
     */
    public void benchSet(boolean plugged, boolean s2Closed, boolean ventilation, boolean diodeShorted,
                         boolean peShorted, double amps, int phases) {
        if (!(amps >= 0) || phases < 1 || phases > 3) {
            throw new IllegalArgumentException("need amps >= 0 and 1..3 phases, got " + amps + " A on " + phases);
        }
        this.mode = DrawMode.BENCH;
        this.plugged = plugged;
        this.s2Closed = plugged && s2Closed;
        this.ventilation = ventilation;
        this.diodeShorted = diodeShorted;
        this.cpShorted = false;
        this.peShortBehindDiode = peShorted;
        this.requestedA = amps;
        this.phases = phases;
        changed.run();
    }

    public void pause() {
        mode = DrawMode.NONE;
        s2Closed = false;
        changed.run();
    }

    public void errorE() {
        cpShorted = true;
        changed.run();
    }

    public void diodeFail() {
        diodeShorted = true;
        changed.run();
    }

    public void ventilation(boolean on) {
        ventilation = on;
        changed.run();
    }

    /** What the car puts on the pilot. */
    public PilotCircuit.Load load() {
        if (cpShorted) {
            return PilotCircuit.Load.SHORT;
        } else if (peShortBehindDiode) {
            return PilotCircuit.Load.SHORT_BEHIND_DIODE;
        } else if (!plugged) {
            return PilotCircuit.Load.OPEN;
        } else if (!s2Closed) {
            return PilotCircuit.Load.B;
        }
        return ventilation ? PilotCircuit.Load.D : PilotCircuit.Load.C;
    }

    /** Current per phase the car would take if the contactor were closed. */
    public double demandA() {
        if (!plugged || !s2Closed) {
            return 0;
        }
        return switch (mode) {
            case NONE -> 0;
            case REGULATED -> Math.min(requestedA, seenMode == PilotMode.PWM ? ampsForDuty(seenDuty) : 0);
            case FIXED, OVERDRAW, BENCH -> requestedA;
        };
    }

    public boolean plugged() {
        return plugged;
    }

    /** S2 closed: the car asks for power (C or D). */
    public boolean s2Closed() {
        return s2Closed;
    }

    public boolean ventilationRequested() {
        return ventilation;
    }

    public boolean diodeShorted() {
        return diodeShorted;
    }

    public boolean cpShorted() {
        return cpShorted;
    }

    public DrawMode drawMode() {
        return mode;
    }

    public double requestedA() {
        return requestedA;
    }

    public int phases() {
        return phases;
    }

    /** The pilot the car has acted on so far (the board's pilot, {@code ev_reaction_ms} late). */
    public PilotMode seenPilotMode() {
        return seenMode;
    }

    public double seenDutyPercent() {
        return seenDuty;
    }
}
