package org.jevse.ocpp;

/** The injected clocks: monotonic for every timer, wall for timestamps. */
public interface Clock {
    long monotonicMs();

    long wallMs();

    Clock SYSTEM = new Clock() {
        @Override
        public long monotonicMs() {
            return System.nanoTime() / 1_000_000L;
        }

        @Override
        public long wallMs() {
            return System.currentTimeMillis();
        }
    };
}
