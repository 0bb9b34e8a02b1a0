package org.jevse.evse.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.jevse.board.port.Ampacity;
import org.jevse.board.port.BoardCommand;
import org.jevse.board.port.BoardEvent;
import org.jevse.board.port.ConnectorType;
import org.jevse.board.port.CpState;
import org.jevse.board.port.HardwareCapabilities;
import org.jevse.board.port.PilotMode;
import org.jevse.board.port.PowermeterValues;
import org.jevse.board.time.TimeSource;
import org.jevse.config.EvseConfig;
import org.jevse.config.RcdResetPolicy;

/**
 * The charger core: the {@link SessionMachine} (EVerest EvseManager's Charger) on top of the {@link IecLayer}.
 *
 * <p>It is pure: board events, control events and ticks go in ({@link ChargerInput}); board commands and
 * notifications come out through a {@link CoreOutput}. It starts no thread, does no I/O and reads time only from
 * the injected {@link TimeSource}; randomness (session ids, the UK random delay) comes from an injected generator.
 * Call it from one thread.
 *
 * <p>Each input is one step: the IEC layer acts on it first (power off within the same event), then the session
 * machine runs until it settles ({@link SessionMachine#step}).
 */
public final class ChargerCore {

    /** Tag used for free vend (EVerest: FREESERVICE). */
    public static final String FREE_SERVICE_TAG = "FREESERVICE";

    private final EvseConfig cfg;
    private final HardwareCapabilities caps;
    private final TimeSource clock;
    private final ActiveErrors errors = new ActiveErrors();
    private final IecLayer iec;
    private final CurrentLimits offer;
    private final Meter meter = new Meter();
    private final SessionMachine machine;

    public ChargerCore(EvseConfig cfg, int authTimeoutS, HardwareCapabilities caps, int initialPhases,
                       TimeSource clock, RandomGenerator random) {
        this(cfg, authTimeoutS, caps, initialPhases, clock, random, SessionMachine.MAX_SETTLE_PASSES);
    }

    /** With a pass budget for one step other than {@link SessionMachine#MAX_SETTLE_PASSES}: for tests. */
    ChargerCore(EvseConfig cfg, int authTimeoutS, HardwareCapabilities caps, int initialPhases,
                TimeSource clock, RandomGenerator random, int maxSettlePasses) {
        this.cfg = cfg;
        this.caps = caps;
        this.clock = clock;
        this.iec = new IecLayer(cfg, caps, errors);
        this.offer = new CurrentLimits(cfg, caps, initialPhases);
        this.machine = new SessionMachine(cfg, caps, authTimeoutS, clock, random, errors, iec, offer, meter,
                maxSettlePasses);
    }

    /** Puts the board into its safe start-up state. Call once, before any event. */
    public void start(CoreOutput out) {
        long now = clock.monotonicMs();
        iec.start(now, out);
        out.notify(new Notification.StateChanged(machine.state(), Set.of()));
        machine.step(now, out);
    }

    // ------------------------------------------------------------------ inputs

    /** Runs one step for {@code input}: the one entry of the charger loop. */
    public void accept(ChargerInput input, CoreOutput out) {
        if (input instanceof ChargerInput.Board b) {
            onBoardEvent(b.event(), out);
        } else if (input instanceof ChargerInput.Control c) {
            onControl(c.event(), out);
        } else if (input instanceof ChargerInput.Tick) {
            tick(out);
        } else if (input instanceof ChargerInput.Start) {
            start(out);
        }
    }

    public void onBoardEvent(BoardEvent event, CoreOutput out) {
        long now = clock.monotonicMs();
        if (event instanceof BoardEvent.CpChanged e) {
            onCp(e.state(), now, out);
        } else if (event instanceof BoardEvent.RelayFeedback e) {
            iec.onRelayFeedback(e.closed(), now, out);
        } else if (event instanceof BoardEvent.DiodeFault) {
            raise(ErrorCode.DiodeFault, "CP low half not at -12 V with PWM on", now, out);
        } else if (event instanceof BoardEvent.PpAmpacity e) {
            onPp(e.ampacity(), now, out);
        } else if (event instanceof BoardEvent.RcdTripped e) {
            iec.raise(ErrorCode.MREC2GroundFailure, true,
                    cfg.rcdReset() == RcdResetPolicy.manual ? ClearRule.RESET : ClearRule.UNPLUG,
                    e.fault() + " residual current " + e.residualCurrentMa() + " mA", now, out);
        } else if (event instanceof BoardEvent.RcdSelfTestResult e) {
            machine.onSelfTest(e.passed(), "self-test reported failure", now, out);
        } else if (event instanceof BoardEvent.LockFeedback e) {
            iec.onLock(e.locked(), now, out);
        } else if (event instanceof BoardEvent.PowermeterReading e) {
            onMeter(e.values(), now, out);
        } else if (event instanceof BoardEvent.PowermeterError e) {
            iec.raise(ErrorCode.PowermeterCommunicationFault, cfg.failOnPowermeterErrors(), ClearRule.CONDITION,
                    e.message(), now, out);
        }
        machine.step(now, out);
    }

    public void onControl(ControlEvent event, CoreOutput out) {
        long now = clock.monotonicMs();
        if (event instanceof ControlEvent.TokenPresented e) {
            machine.sessions().onToken(e.tag(), out);
        } else if (event instanceof ControlEvent.AuthorizationResult e) {
            machine.onAuthorizationResult(e.tag(), e.accepted(), now, out);
        } else if (event instanceof ControlEvent.StopTransaction e) {
            machine.sessions().requestStop(e.reason());
        } else if (event instanceof ControlEvent.UnlockConnector) {
            machine.sessions().unlock();
            iec.releaseLock(now, out);
        } else if (event instanceof ControlEvent.SetLimit e) {
            if (e.amps() < 0) {
                offer.remove(e.source());
            } else {
                offer.set(e.source(), e.amps());
            }
        } else if (event instanceof ControlEvent.Lease e) {
            offer.lease(e.amps(), now + Math.max(0, e.validForMs()), e.failsafeAmps());
        } else if (event instanceof ControlEvent.Pause e) {
            machine.sessions().pause(e.paused());
        } else if (event instanceof ControlEvent.Enable e) {
            machine.availability().enable(e.enabled());
        } else if (event instanceof ControlEvent.ResetFaults) {
            clearAndRearmRcd(ClearRule.RESET, out);
        } else if (event instanceof ControlEvent.SwitchPhases e) {
            machine.requestPhases(e.phases(), out);
        } else if (event instanceof ControlEvent.ReadyToStartCharging) {
            machine.availability().readyToStartCharging();
        }
        machine.step(now, out);
    }

    /** Runs timers. Call at {@link #nextDeadlineMs()} (and, as a safety net, periodically). */
    public void tick(CoreOutput out) {
        long now = clock.monotonicMs();
        iec.tick(now, out);
        machine.tick(now, out);
        machine.step(now, out);
    }

    /**
     * The earliest monotonic instant after now at which {@link #tick(CoreOutput)} has work to do, or
     * {@link Long#MAX_VALUE}. Deadlines already due were handled by the tick that ran at them.
     */
    public long nextDeadlineMs() {
        long now = clock.monotonicMs();
        long d = Long.MAX_VALUE;
        d = Deadlines.after(now, d, iec.nextDeadlineMs());
        d = Deadlines.after(now, d, offer.nextExpiryAfter(now));
        return machine.nextDeadlineMs(now, d);
    }

    // ------------------------------------------------------------------ board event handling

    private void onCp(CpState s, long now, CoreOutput out) {
        CpState previous = iec.cp();
        iec.onCp(s, now, out); // power off first: IEC 61851-1 Table A.6 seq. 5, within this event
        if (s == CpState.D && !cfg.hasVentilation()) {
            raise(ErrorCode.VentilationNotAvailable, "EV requests ventilation (state D), not allowed here", now, out);
        }
        boolean pilotDrivesF = iec.pilot() == PilotMode.F;
        if (s == CpState.E || (s == CpState.F && !pilotDrivesF)) {
            raise(ErrorCode.MREC14PilotFault, s == CpState.E ? "CP shorted to PE (state E)" : "unexpected state F on CP",
                    now, out);
        }
        machine.onCp(previous, s, now, out);
        if (s == CpState.A) {
            clearAndRearmRcd(ClearRule.UNPLUG, out);
        }
    }

    private void onPp(Ampacity a, long now, CoreOutput out) {
        if (caps.connectorType() == ConnectorType.SOCKET && a == Ampacity.INVALID) {
            raise(ErrorCode.MREC23ProximityFault, "PP resistor below 75 Ohm", now, out);
        }
        offer.pp(a);
    }

    private void onMeter(PowermeterValues v, long now, CoreOutput out) {
        double before = meter.energyWh();
        if (!meter.accept(v)) {
            iec.raise(ErrorCode.PowermeterCommunicationFault, cfg.failOnPowermeterErrors(), ClearRule.CONDITION,
                    "import energy went backwards from " + before + " to " + v.energyImportWh() + " Wh", now, out);
            return;
        }
        errors.clear(ErrorCode.PowermeterCommunicationFault, out);
        iec.onMeter(v, now, out);
    }

    /** Clears the errors that {@code rule} clears; an RCD whose trip that cleared is re-armed. */
    private void clearAndRearmRcd(ClearRule rule, CoreOutput out) {
        boolean rcdWasTripped = errors.isActive(ErrorCode.MREC2GroundFailure);
        errors.clearAll(rule, out);
        if (rcdWasTripped && !errors.isActive(ErrorCode.MREC2GroundFailure)) {
            out.command(new BoardCommand.RcdReset());
        }
    }

    private void raise(ErrorCode code, String detail, long now, CoreOutput out) {
        iec.raise(code, true, code.defaultClearRule(), detail, now, out);
    }

    // ------------------------------------------------------------------ status

    public Status status() {
        long now = clock.monotonicMs();
        List<ActiveError> errs = new ArrayList<>(errors.all());
        // The meter's last reading, unless the contactor is open and confirmed open (then nothing can flow).
        boolean mayFlow = iec.relayOn() || iec.feedbackClosed();
        double drawn = meter.last() == null || !mayFlow ? 0 : meter.last().currentA().max();
        Session session = machine.session();
        double sessionWh = session == null ? 0 : meter.energyWh() - session.startEnergyWh();
        return new Status(now, machine.state(), machine.pauseReasons(), iec.cp(), iec.pilot(), iec.dutyPercent(),
                iec.offeredA(), iec.relayOn(), offer.binding(now), List.copyOf(errs), errors.anyFatal(),
                session == null ? null : session.id(), sessionWh, meter.energyWh(), drawn, offer.phases(),
                iec.c1SinceMs());
    }

    /**
     * Every active limit with its source (the binding one is their minimum, {@link Status#binding()}): for the
     * operating APIs, which show who limits the charge.
     */
    public java.util.List<Limit> activeLimits() {
        return offer.active(clock.monotonicMs());
    }

    public EvseState state() {
        return machine.state();
    }

    public HardwareCapabilities capabilities() {
        return caps;
    }

    public EvseConfig config() {
        return cfg;
    }
}
