package org.jevse.evse.core;

import org.jevse.config.EvseConfig;

/**
 * Whether the charger takes sessions: enabled by the operator (OCPP ChangeAvailability), and ready once start-up
 * is over (a first powermeter value within {@code initial_meter_value_timeout_ms}, and the external ready signal
 * where {@code external_ready_to_start_charging} asks for one).
 */
final class Availability {

    private final EvseConfig cfg;
    private final Meter meter;
    private final long bootMs;
    private boolean enabled = true;
    private boolean readySignal;
    private boolean ready;

    Availability(EvseConfig cfg, Meter meter, long bootMs) {
        this.cfg = cfg;
        this.meter = meter;
        this.bootMs = bootMs;
        this.readySignal = !cfg.externalReadyToStartCharging();
    }

    boolean enabled() {
        return enabled;
    }

    void enable(boolean on) {
        enabled = on;
    }

    void readyToStartCharging() {
        readySignal = true;
    }

    /** Start-up is over (a fault before that keeps the charger Disabled rather than Faulted). */
    boolean ready() {
        return ready;
    }

    /**
     * Checks start-up while Disabled; true once ready. A meter that stays silent past the timeout raises a
     * powermeter error (fatal under {@code fail_on_powermeter_errors}) and start-up goes on without it.
     */
    boolean checkReady(long now, IecLayer iec, CoreOutput out) {
        if (ready) {
            return true;
        }
        boolean meterDone = cfg.initialMeterValueTimeoutMs() == 0 || meter.seen();
        if (!meterDone && now - bootMs >= cfg.initialMeterValueTimeoutMs()) {
            iec.raise(ErrorCode.PowermeterCommunicationFault, cfg.failOnPowermeterErrors(), ClearRule.CONDITION,
                    "no powermeter value within initial_meter_value_timeout_ms (" + cfg.initialMeterValueTimeoutMs()
                            + " ms)", now, out);
            meterDone = true;
        }
        ready = meterDone && readySignal;
        return ready;
    }

    /** The start-up deadline while Disabled and not ready, given {@code d} so far. */
    long nextDeadlineMs(long now, long d, boolean disabled) {
        if (disabled && !ready && !meter.seen() && cfg.initialMeterValueTimeoutMs() > 0) {
            d = Deadlines.after(now, d, bootMs + cfg.initialMeterValueTimeoutMs());
        }
        return d;
    }
}
