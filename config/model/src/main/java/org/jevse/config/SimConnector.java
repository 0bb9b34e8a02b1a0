package org.jevse.config;

/** How the simulated board attaches the EV. */
public enum SimConnector {
    /** A tethered cable of {@code cable_rating_A}. */
    cable,
    /** A type 2 socket: the rating comes from the PP resistor (script word {@code pp OHMS}). */
    socket
}
