package org.jevse.board.port;

/** How the EV is attached (EVerest HardwareCapabilities.connector_type). */
public enum ConnectorType {
    /** A tethered cable whose rating the board knows. */
    TETHERED_CABLE,
    /** A type 2 socket: the rating comes from the PP resistor of the plugged cable. */
    SOCKET
}
