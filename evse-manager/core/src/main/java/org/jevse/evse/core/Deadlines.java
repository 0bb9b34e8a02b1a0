package org.jevse.evse.core;

/** The earliest-deadline arithmetic the core's stages share. */
final class Deadlines {
    private Deadlines() {
    }

    /** The earlier of {@code d} and {@code candidate}, counting only candidates after now (-1 means none). */
    static long after(long now, long d, long candidate) {
        return candidate > now && candidate < d ? candidate : d;
    }
}
