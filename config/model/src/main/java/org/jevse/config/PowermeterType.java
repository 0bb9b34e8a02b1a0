package org.jevse.config;

/** Where powermeter readings come from. */
public enum PowermeterType {
    /** The simulated board's meter (board.type: sim only). */
    sim,
    /** The board's own meter: the simulated meter, or the serial MCU's telemetry. */
    board,
    /** An external Modbus RTU meter on RS-485 (board.powermeter.modbus). */
    modbus
}
