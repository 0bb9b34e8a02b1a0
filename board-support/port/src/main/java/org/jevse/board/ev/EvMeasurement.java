package org.jevse.board.ev;

import org.jevse.board.port.PerPhase;

/**
 * What an EV-side board measures of the charger under test. Every measurement carries the bench's own monotonic
 * timestamp ({@link org.jevse.board.time.TimeSource#monotonicMs()}), taken when it was measured, so that a
 * reaction time is the difference of two timestamps of one clock.
 */
public sealed interface EvMeasurement {

    /** Milliseconds on the bench's monotonic clock. */
    long atMs();

    /**
     * The control-pilot waveform as the EV sees it.
     *
     * @param highV       the positive level, NaN when the pilot never goes positive (F, or 0 % duty)
     * @param lowV        the negative level, NaN when the pilot never goes negative (X1, or 100 % duty)
     * @param frequencyHz 0 when the pilot does not oscillate (X1, F, a shorted line); NaN for a running PWM on a
     *                    bench that cannot time edges ({@link EvCapabilities#hasPwmTiming()})
     * @param dutyPercent the share of the period spent high; 100 for a constant high, 0 for a constant low; NaN
     *                    for a running PWM on a bench that cannot time edges
     */
    record Cp(long atMs, double highV, double lowV, double frequencyHz, double dutyPercent) implements EvMeasurement {
        /** A PWM is running (IEC 61851-1: B2, C2, D2): timed at a frequency, or seen as both levels where untimed. */
        public boolean pwm() {
            return frequencyHz > 0 || Double.isNaN(frequencyHz);
        }
    }

    /** Power is present on the charger's output (the contactor is closed), from a sense input or the meter. */
    record Power(long atMs, boolean present) implements EvMeasurement {
    }

    /** The metered current per phase, L1..L3 in A. */
    record Current(long atMs, PerPhase phasesA) implements EvMeasurement {
    }
}
