package org.jevse.board.pi;

import java.util.Objects;
import org.jevse.board.port.Ampacity;
import org.jevse.board.port.BoardEvent;
import org.jevse.board.port.BoardBase;
import org.jevse.board.port.ConnectorType;
import org.jevse.board.port.HardwareCapabilities;
import org.jevse.board.port.PilotMode;
import org.jevse.board.port.PowerReason;
import org.jevse.board.port.RcdFault;
import org.jevse.board.time.Scheduler;
import org.jevse.config.PiBoardConfig;
import org.jevse.config.SimConnector;

/**
 * A Raspberry Pi wired to the charger hardware directly: the CP generator on a hardware PWM, the CP and PP sense
 * on an SPI ADC, the contactor with its mirror contact, the RCD trip and self-test lines, the lock motor and its
 * position switch, all on GPIO (see {@link Pi4jIo} for the Pi4J wiring).
 *
 * <p>Timing work (CP sampling every {@code cp_poll_ms}, the mirror-contact check 100-250 ms after each switch, the
 * lock and self-test windows) runs on the given {@link Scheduler}, the board's own loop; commands may come from
 * any thread and are handed to it. Two things never wait for the loop: a command to open the contactor writes the
 * GPIO at once, and an RCD trip edge opens the contactor and reports {@link BoardEvent.RcdTripped} from inside the
 * GPIO edge callback.
 */
public final class PiBoard extends BoardBase {

    /**
     * The I/O of the board; inputs and outputs not fitted are null.
     */
    public record Hardware(PiIo.PilotOutput pilot, PiIo.Adc adc, PiIo.Output contactor, PiIo.Input contactorFeedback,
                           PiIo.Output phaseSwitch, PiIo.Input rcdTrip, PiIo.Output rcdTest, PiIo.Output lock,
                           PiIo.Input lockFeedback) {
        public Hardware {
            Objects.requireNonNull(pilot, "pilot");
            Objects.requireNonNull(adc, "adc");
            Objects.requireNonNull(contactor, "contactor");
        }
    }

    private final PiBoardConfig cfg;
    private final Hardware hw;
    private final Scheduler scheduler;
    private final CpClassifier classifier = new CpClassifier();
    private final AutoCloseable onClose;

    private volatile double duty = 100;
    private volatile boolean contactorCommanded;
    private volatile boolean rcdTripped;
    private volatile boolean selfTestRunning;
    private volatile boolean selfTestSawTrip;
    // touched on the scheduler's thread only
    private Boolean relayReported;
    private Scheduler.Timer feedbackTimer;
    private Scheduler.Timer lockTimer;
    private Ampacity ppReported;

    /**
     * @param onClose released after the board is made safe on {@link #close()} (the Pi4J context, the loop thread)
     */
    public PiBoard(PiBoardConfig cfg, Hardware hw, Scheduler scheduler, AutoCloseable onClose) {
        super(capabilities(cfg, hw));
        this.cfg = cfg;
        this.hw = hw;
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.onClose = onClose;
        hw.contactor().set(false);
        hw.pilot().duty(100);
        if (hw.rcdTrip() != null) {
            hw.rcdTrip().onChange(this::rcdEdge);
        }
    }

    private static HardwareCapabilities capabilities(PiBoardConfig cfg, Hardware hw) {
        Objects.requireNonNull(cfg, "cfg");
        Objects.requireNonNull(hw, "hw");
        boolean cable = cfg.connector() == SimConnector.cable;
        boolean phaseSwitching = hw.phaseSwitch() != null && cfg.phases() == 3;
        return new HardwareCapabilities(cfg.minCurrentA(), cfg.maxCurrentA(),
                phaseSwitching ? 1 : cfg.phases(), cfg.phases(), false, hw.contactorFeedback() != null,
                hw.lock() != null && hw.lockFeedback() != null, hw.rcdTrip() != null,
                cable ? ConnectorType.TETHERED_CABLE : ConnectorType.SOCKET, cable ? cfg.cableRatingA() : 0);
    }

    /** Starts CP (and PP) sampling; the first agreed CP state is the first event. An RCD already tripped is reported. */
    @Override
    protected void started() {
        scheduler.submit(this::sample);
        if (hw.rcdTrip() != null && hw.rcdTrip().active()) {
            rcdEdge(true);
        }
    }

    /** The generator knows only duty cycles: X1 is 100 %, F 0 %. */
    @Override
    protected void pilot(PilotMode mode, double percent) {
        duty = percent;
        hw.pilot().duty(cfg.pwmInverted() ? 100 - percent : percent);
    }

    /** Opening writes the GPIO at once, on the caller's thread; closing is refused while the RCD is tripped. */
    @Override
    public void allowPower(boolean on, PowerReason reason) {
        contactorCommanded = on;
        boolean output = on && !rcdTripped;
        if (output == hw.contactor().active()) {
            return;
        }
        hw.contactor().set(output);
        scheduler.submit(() -> armFeedbackCheck(output));
    }

    @Override
    public void switchPhases(int phases) {
        if (hw.phaseSwitch() == null || phases < capabilities.minPhases() || phases > capabilities.maxPhases()) {
            return;
        }
        hw.phaseSwitch().set(phases == 3);
    }

    /** There is no hardware over-current trip on this board; the core's soft over-current check applies. */
    @Override
    public void setOverCurrentLimit(double amps) {
    }

    @Override
    public void lockConnector(boolean locked) {
        if (!capabilities.hasLock()) {
            return;
        }
        hw.lock().set(locked);
        scheduler.submit(() -> {
            if (lockTimer != null) {
                lockTimer.cancel();
            }
            lockTimer = scheduler.schedule(cfg.lockTimeoutMs(), () -> {
                lockTimer = null;
                emit(new BoardEvent.LockFeedback(hw.lockFeedback().active()));
            });
        });
    }

    /** Drives the test line for {@code rcd_test_ms}; the test passes when the trip input went active meanwhile. */
    @Override
    public void rcdSelfTest() {
        if (hw.rcdTrip() == null || hw.rcdTest() == null) {
            return;
        }
        scheduler.submit(() -> {
            if (selfTestRunning) {
                return;
            }
            selfTestRunning = true;
            selfTestSawTrip = false;
            hw.rcdTest().set(true);
            scheduler.schedule(cfg.rcdTestMs(), () -> {
                hw.rcdTest().set(false);
                selfTestRunning = false;
                emit(new BoardEvent.RcdSelfTestResult(selfTestSawTrip || hw.rcdTrip().active()));
            });
        });
    }

    /** Re-arms after a trip once the trip line is inactive again; a still-active line is reported as a new trip. */
    @Override
    public void rcdReset() {
        if (hw.rcdTrip() == null || !rcdTripped) {
            return;
        }
        if (hw.rcdTrip().active()) {
            emit(new BoardEvent.RcdTripped(RcdFault.DC, 0));
            return;
        }
        rcdTripped = false;
        allowPower(contactorCommanded, PowerReason.FULL_POWER_CHARGING);
    }

    /** Opens the contactor, drives X1, and releases the hardware (the Pi4J shutdown states do the same). */
    @Override
    public void close() {
        events.close();
        hw.contactor().set(false);
        hw.pilot().duty(cfg.pwmInverted() ? 0 : 100);
        if (onClose != null) {
            try {
                onClose.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the Pi board: " + e.getMessage(), e);
            }
        }
    }

    /** The duty cycle last commanded (before inversion). */
    public double duty() {
        return duty;
    }

    public boolean rcdTripped() {
        return rcdTripped;
    }

    public CpClassifier classifier() {
        return classifier;
    }

    // ---- internals ----

    /**
     * The RCD edge: from the GPIO event thread. The contactor opens here, before anything else, and the core
     * hears of it in the same callback; it takes its power-off path on that event.
     */
    private void rcdEdge(boolean active) {
        if (!active) {
            return;
        }
        if (selfTestRunning) {
            selfTestSawTrip = true;
            return;
        }
        hw.contactor().set(false);
        if (rcdTripped) {
            return;
        }
        rcdTripped = true;
        emit(new BoardEvent.RcdTripped(RcdFault.DC, 0)); // the trip line carries no measurement
        scheduler.submit(() -> armFeedbackCheck(false));
    }

    /** After each switch: the mirror contact must agree after {@code contactor_feedback_check_ms}. */
    private void armFeedbackCheck(boolean closedCommanded) {
        if (feedbackTimer != null) {
            feedbackTimer.cancel();
        }
        if (hw.contactorFeedback() == null) {
            return; // no mirror contact: no PowerOn/PowerOff (capabilities say so)
        }
        feedbackTimer = scheduler.schedule(cfg.contactorFeedbackCheckMs(), () -> {
            feedbackTimer = null;
            boolean closedNow = hw.contactorFeedback().active();
            // Exactly one PowerOn/PowerOff per transition. A contact that stays closed after an open command is
            // welded: no PowerOff is sent, and the core's contactor_feedback_timeout_ms raises the fault.
            if (closedNow == closedCommanded && !Boolean.valueOf(closedNow).equals(relayReported)
                    && (relayReported != null || closedNow)) {
                relayReported = closedNow;
                emit(new BoardEvent.RelayFeedback(closedNow));
            }
        });
    }

    /** One CP (and PP) measurement, then the next one {@code cp_poll_ms} later. */
    private void sample() {
        if (events.closed()) {
            return;
        }
        double high = Double.NEGATIVE_INFINITY;
        double low = Double.POSITIVE_INFINITY;
        for (int i = 0; i < cfg.cpSamples(); i++) {
            double v = cpVolts(hw.adc().read(cfg.cpAdcChannel()));
            high = Math.max(high, v);
            low = Math.min(low, v);
        }
        double d = duty;
        CpClassifier.Result r = classifier.update(high, low, d > 0 && d < 100);
        if (r.changedTo() != null) {
            emit(new BoardEvent.CpChanged(r.changedTo()));
        }
        if (r.diodeFaultDetected()) {
            emit(new BoardEvent.DiodeFault());
        }
        if (capabilities.connectorType() == ConnectorType.SOCKET && cfg.ppAdcChannel() >= 0) {
            Ampacity pp = ppAmpacity(hw.adc().read(cfg.ppAdcChannel()));
            if (pp != ppReported) {
                ppReported = pp;
                emit(new BoardEvent.PpAmpacity(pp));
            }
        }
        scheduler.schedule(cfg.cpPollMs(), this::sample);
    }

    /** ADC counts to pilot volts through the configured divider. */
    public double cpVolts(int counts) {
        double adcV = counts * cfg.adcVref() / hw.adc().maxCount();
        return (adcV - cfg.cpAdcOffsetV()) * cfg.cpAdcGain();
    }

    /** ADC counts to the PP rating: R = pull-up * V / (Vref - V); an open PP (no cable) is NONE. */
    public Ampacity ppAmpacity(int counts) {
        double v = counts * cfg.adcVref() / hw.adc().maxCount();
        if (v >= cfg.adcVref() * 0.98) {
            return Ampacity.NONE;
        }
        return Ampacity.fromOhms(cfg.ppPullupOhms() * v / (cfg.adcVref() - v));
    }

    private void emit(BoardEvent e) {
        events.emit(e);
    }
}
