package org.jevse.board.sim;

/** A fault of the simulated connector lock. */
public enum LockFault {
    /** The lock goes where it is told and reports it. */
    NONE,
    /** The lock stays where it is (a jammed bolt, a cable pulled under tension) and its switch reports that. */
    STUCK,
    /** The lock stays where it is and reports nothing (a broken position switch or wire). */
    SILENT
}
