package org.jevse.board.pi;

import java.util.function.Consumer;

/**
 * The few kinds of I/O the Raspberry Pi board needs, in jevse's own terms ("active", not HIGH/LOW: the
 * active-low flags of the config are applied by the adapters). {@link Pi4jIo} implements them with Pi4J 2.x; tests
 * may use plain fakes. Keeping Pi4J behind these makes a later move to Pi4J 4 + FFM a local change.
 */
public final class PiIo {

    private PiIo() {
    }

    /** A GPIO output. */
    public interface Output {
        void set(boolean active);

        boolean active();
    }

    /** A GPIO input with edge events. */
    public interface Input {
        boolean active();

        /** Called on every edge, from the GPIO event thread, with the new level. */
        void onChange(Consumer<Boolean> listener);
    }

    /** An ADC: raw counts from 0 to {@link #maxCount()}. */
    public interface Adc {
        int read(int channel);

        int maxCount();
    }

    /** The CP generator: 1 kHz PWM with a fractional duty; 100 % is a steady +12 V, 0 % a steady -12 V. */
    public interface PilotOutput {
        void duty(double percent);
    }

    /** An output that is not fitted. */
    public static final Output NO_OUTPUT = new Output() {
        @Override
        public void set(boolean active) {
        }

        @Override
        public boolean active() {
            return false;
        }
    };
}
