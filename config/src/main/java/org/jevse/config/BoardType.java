package org.jevse.config;

/** The board driver. */
public enum BoardType {
    /** The simulated board with a scripted EV: the default wherever no hardware is attached. */
    sim
}
