package org.jevse.board.time;

/**
 * The injected clock. Monotonic time drives every timer and lease (it never jumps); wall time only labels
 * sessions and logs. Nothing in the core reads the system clock directly.
 */
public interface TimeSource {

    /** Milliseconds on a clock that never goes backwards and is unaffected by wall-clock changes. */
    long monotonicMs();

    /** Milliseconds since the Unix epoch, as the wall clock says now. */
    long wallMs();
}
