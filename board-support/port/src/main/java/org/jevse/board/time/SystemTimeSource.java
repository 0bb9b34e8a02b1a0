package org.jevse.board.time;

/** The real clocks of the machine: {@link System#nanoTime()} for monotonic time, the system clock for wall time. */
public final class SystemTimeSource implements TimeSource {
    private final long originNanos = System.nanoTime();

    @Override
    public long monotonicMs() {
        return (System.nanoTime() - originNanos) / 1_000_000L;
    }

    @Override
    public long wallMs() {
        return System.currentTimeMillis();
    }
}
