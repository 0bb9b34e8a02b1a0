package org.jevse.board.time;

/**
 * Simulated time: it moves only when told to, so a three-hour session runs in seconds and no test sleeps.
 * Wall time is a fixed origin plus the monotonic time; {@link #jumpWall(long)} moves wall time alone, to show
 * that a wall-clock jump changes no timer.
 */
public final class VirtualTimeSource implements TimeSource {
    private long monotonicMs;
    private long wallOffsetMs;

    public VirtualTimeSource(long wallOriginMs) {
        this.wallOffsetMs = wallOriginMs;
    }

    @Override
    public long monotonicMs() {
        return monotonicMs;
    }

    @Override
    public long wallMs() {
        return wallOffsetMs + monotonicMs;
    }

    /** Moves monotonic (and with it wall) time forward to {@code targetMs}; never backwards. */
    public void advanceTo(long targetMs) {
        if (targetMs < monotonicMs) {
            throw new IllegalArgumentException("virtual time cannot go back from " + monotonicMs + " to " + targetMs);
        }
        monotonicMs = targetMs;
    }

    public void advanceBy(long deltaMs) {
        advanceTo(monotonicMs + deltaMs);
    }

    /** Sets the wall clock off by {@code deltaMs} (an NTP or OCPP time sync); monotonic time is untouched. */
    public void jumpWall(long deltaMs) {
        wallOffsetMs += deltaMs;
    }
}
