package org.jevse.board.pi.ev;

import java.util.List;
import java.util.Objects;
import org.jevse.board.ev.EvBoard;
import org.jevse.board.ev.EvCapabilities;
import org.jevse.board.ev.EvLoad;
import org.jevse.board.ev.EvMeasurement;
import org.jevse.board.ev.EvMeasurementListener;
import org.jevse.board.pi.Mcp3008;
import org.jevse.board.pi.Pi4jIo;
import org.jevse.board.pi.PiIo;
import org.jevse.board.time.Scheduler;

/**
 * The EV side of a bench on a Raspberry Pi (docs/hil-bench.md, "Wiring a bench"): relays on GPIO outputs for S1
 * (state A when open), R3 1.3 kOhm (C), 270 Ohm (D), the short to PE behind the diode (E), the diode short and
 * the PP resistors; the CP sampled by an ADC (the MCP3008) through the level-shifting divider; the power-present
 * sense on a GPIO input. No programmable load and no meter.
 *
 * <p>The ADC is read in bursts every {@code pollMs} on the scheduler: the highest and lowest readings are the
 * PWM's levels. Sampled from Linux, it cannot time the PWM's edges, so a running PWM is reported with NaN
 * frequency and duty and {@link EvCapabilities#hasPwmTiming()} is false: the bench skips the duty and frequency
 * cases with that reason instead of judging a guess.
 */
public final class PiEvBoard implements EvBoard {

    /**
     * The bench's I/O; an output not fitted is null (the capability follows).
     *
     * @param s1       closed: the EV is connected (B and above); open: state A
     * @param c        switches R3 1.3 kOhm in parallel with R2 (state C)
     * @param d        switches 270 Ohm in parallel with R2 (state D)
     * @param peShort  shorts CP to PE behind the diode (state E)
     * @param diode    shorts the EV diode
     * @param pp       the PP relays for 1.5 kOhm, 680, 220 and 100 Ohm, in that order (each may be null)
     * @param power    the power-present sense (a contactor auxiliary or an optocoupler on the output)
     */
    public record Hardware(PiIo.Output s1, PiIo.Output c, PiIo.Output d, PiIo.Output peShort, PiIo.Output diode,
                           List<PiIo.Output> pp, PiIo.Adc adc, PiIo.Input power) {
        public Hardware {
            Objects.requireNonNull(s1, "s1");
            Objects.requireNonNull(c, "c");
            Objects.requireNonNull(adc, "adc");
            pp = pp == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(pp));
            if (pp.size() > PP_OHMS.length) {
                throw new IllegalArgumentException("at most " + PP_OHMS.length + " PP relays, got " + pp.size());
            }
        }
    }

    /**
     * How the CP reaches the ADC: V_cp = (V_adc - offsetV) / gain (docs/hil-bench.md: Ra 100 kOhm, Rb 24 kOhm to
     * 3.3 V, Rc 33 kOhm to ground give gain 0.1220 and offset 1.677 V).
     */
    public record Scaling(int channel, double vref, double gain, double offsetV, long pollMs, int burst) {
        public static final Scaling DEFAULT = new Scaling(0, 3.3, 0.1220, 1.677, 20, 64);

        public Scaling {
            if (channel < 0 || channel > 7 || !(vref > 0) || !(gain > 0) || pollMs < 1 || burst < 2) {
                throw new IllegalArgumentException("ADC channel 0..7, vref > 0, gain > 0, poll >= 1 ms, burst >= 2");
            }
        }
    }

    /**
     * Where the bench is wired (BCM GPIO numbers; -1: not fitted) and the ADC's SPI chip select.
     *
     * @param ppPins the PP relays for 1.5 kOhm, 680, 220 and 100 Ohm, in that order
     */
    public record Pins(int s1, int c, int d, int peShort, int diode, List<Integer> ppPins, int power,
                       boolean relaysActiveLow, boolean powerActiveLow, int spiChannel, int spiBaud) {
    }

    /** Creates the bench's I/O with Pi4J: GPIO on {@code gpio}, the MCP3008 on {@code adc}; a missing provider fails here. */
    public static Hardware hardware(com.pi4j.context.Context gpio, com.pi4j.context.Context adc, Pins pins) {
        List<PiIo.Output> pp = new java.util.ArrayList<>();
        for (int i = 0; i < pins.ppPins().size(); i++) {
            pp.add(Pi4jIo.output(gpio, "ev-pp-" + (int) PP_OHMS[i], pins.ppPins().get(i), pins.relaysActiveLow()));
        }
        com.pi4j.io.spi.Spi spi = adc.create(com.pi4j.io.spi.Spi.newConfigBuilder(adc).id("ev-adc").name("MCP3008")
                .bus(0).channel(pins.spiChannel()).baud(pins.spiBaud()).mode(0));
        return new Hardware(
                Pi4jIo.output(gpio, "ev-s1", pins.s1(), pins.relaysActiveLow()),
                Pi4jIo.output(gpio, "ev-c", pins.c(), pins.relaysActiveLow()),
                Pi4jIo.output(gpio, "ev-d", pins.d(), pins.relaysActiveLow()),
                Pi4jIo.output(gpio, "ev-e", pins.peShort(), pins.relaysActiveLow()),
                Pi4jIo.output(gpio, "ev-diode", pins.diode(), pins.relaysActiveLow()),
                pp, new Mcp3008(spi), Pi4jIo.input(gpio, "ev-power", pins.power(), pins.powerActiveLow()));
    }

    /** The PP resistors the relays switch in, in the order of {@link Hardware#pp()}. */
    static final double[] PP_OHMS = {1500, 680, 220, 100};
    /** Above this the charger sees no cable: every PP relay open. */
    static final double NO_CABLE_OHMS = 2200;
    /** Two levels further apart than this are a PWM (a constant pilot reads within ADC noise of itself). */
    static final double PWM_SWING_V = 2;

    private final Hardware hw;
    private final Scaling scaling;
    private final Scheduler scheduler;
    private final EvCapabilities capabilities;
    private volatile EvMeasurementListener listener = m -> { };
    private volatile boolean closed;
    private Scheduler.Timer poll;
    private EvMeasurement.Cp lastCp;
    private Boolean lastPower;

    public PiEvBoard(Hardware hw, Scaling scaling, Scheduler scheduler) {
        this.hw = Objects.requireNonNull(hw, "hw");
        this.scaling = Objects.requireNonNull(scaling, "scaling");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.capabilities = new EvCapabilities(hw.pp().stream().anyMatch(Objects::nonNull), false, hw.diode() != null,
                hw.peShort() != null, hw.power() != null, false, false, 0);
        cpLoad(EvLoad.A);
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
        if (hw.power() != null) {
            hw.power().onChange(on -> scheduler.submit(this::measurePower));
            measurePower();
        }
        sample();
    }

    /** S1 first to make and last to break, so that the charger never sees a passing state between two loads. */
    @Override
    public synchronized void cpLoad(EvLoad load) {
        Objects.requireNonNull(load, "load");
        if (load == EvLoad.A) {
            hw.s1().set(false);
        }
        hw.c().set(load == EvLoad.C);
        set(hw.d(), load == EvLoad.D);
        if (load != EvLoad.A) {
            hw.s1().set(true);
        }
    }

    @Override
    public void diodeShort(boolean shorted) {
        set(hw.diode(), shorted);
    }

    @Override
    public void peShort(boolean shorted) {
        set(hw.peShort(), shorted);
    }

    /**
     * Switches in the relay of the fitted resistor within 5 % of {@code ohms}; above 2.2 kOhm (no cable, IEC 61851-1
     * / Phoenix Table 5-1) opens them all. Any other value is not on this bench.
     */
    @Override
    public synchronized void ppResistor(double ohms) {
        if (!(ohms > 0)) {
            throw new IllegalArgumentException("PP resistance must be > 0 Ohm (infinite for none), got " + ohms);
        }
        int pick = -1;
        for (int i = 0; i < hw.pp().size(); i++) {
            if (hw.pp().get(i) != null && Math.abs(PP_OHMS[i] - ohms) <= PP_OHMS[i] * 0.05) {
                pick = i;
            }
        }
        if (pick < 0 && ohms <= NO_CABLE_OHMS) {
            throw new IllegalArgumentException("no PP relay for " + ohms + " Ohm on this bench; fitted: " + fitted());
        }
        for (int i = 0; i < hw.pp().size(); i++) {
            set(hw.pp().get(i), i == pick);
        }
    }

    /** No programmable load on this bench: nothing to set (the capability says so). */
    @Override
    public void loadCurrent(double amps, int phases) {
    }

    /** Opens every relay: the charger sees state A. */
    @Override
    public synchronized void close() {
        closed = true;
        if (poll != null) {
            poll.cancel();
        }
        cpLoad(EvLoad.A);
        set(hw.diode(), false);
        set(hw.peShort(), false);
        for (PiIo.Output o : hw.pp()) {
            set(o, false);
        }
    }

    private String fitted() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < hw.pp().size(); i++) {
            if (hw.pp().get(i) != null) {
                b.append(b.length() == 0 ? "" : ", ").append((int) PP_OHMS[i]).append(" Ohm");
            }
        }
        return b.length() == 0 ? "none" : b.toString();
    }

    private static void set(PiIo.Output o, boolean active) {
        if (o != null) {
            o.set(active);
        }
    }

    /** One burst of ADC reads: the highest and lowest are the levels; then the next burst after pollMs. */
    private void sample() {
        if (closed) {
            return;
        }
        double high = Double.NEGATIVE_INFINITY;
        double low = Double.POSITIVE_INFINITY;
        for (int i = 0; i < scaling.burst(); i++) {
            double v = volts(hw.adc().read(scaling.channel()));
            high = Math.max(high, v);
            low = Math.min(low, v);
        }
        report(levels(high, low));
        poll = scheduler.schedule(scaling.pollMs(), this::sample);
    }

    double volts(int count) {
        double adcV = (double) count / hw.adc().maxCount() * scaling.vref();
        return (adcV - scaling.offsetV()) / scaling.gain();
    }

    /** A constant level is X1 (or A, B...) when positive and F when negative; two levels apart are a PWM. */
    private EvMeasurement.Cp levels(double high, double low) {
        long now = scheduler.time().monotonicMs();
        if (high - low > PWM_SWING_V) {
            return new EvMeasurement.Cp(now, round(high), round(low), Double.NaN, Double.NaN);
        }
        double level = round((high + low) / 2);
        return level >= -1 ? new EvMeasurement.Cp(now, level, Double.NaN, 0, 100)
                : new EvMeasurement.Cp(now, Double.NaN, level, 0, 0);
    }

    /** To 0.1 V, so that ADC noise does not report a change at every burst. */
    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private void report(EvMeasurement.Cp cp) {
        if (lastCp == null || !same(lastCp, cp)) {
            lastCp = cp;
            listener.onMeasurement(cp);
        }
    }

    private static boolean same(EvMeasurement.Cp a, EvMeasurement.Cp b) {
        return Double.compare(a.highV(), b.highV()) == 0 && Double.compare(a.lowV(), b.lowV()) == 0
                && Double.compare(a.frequencyHz(), b.frequencyHz()) == 0;
    }

    private void measurePower() {
        boolean on = hw.power().active();
        if (lastPower == null || lastPower != on) {
            lastPower = on;
            listener.onMeasurement(new EvMeasurement.Power(scheduler.time().monotonicMs(), on));
        }
    }
}
