package org.jevse.config;

/** The powermeter whose readings the core uses. */
public record PowermeterConfig(
        @Key(name = "type", def = "board", jevse = true,
             doc = "`board`: the board's own meter (the simulated meter, or the serial MCU's telemetry). `sim`: the simulated meter (board.type sim only). `modbus`: an external Modbus RTU meter; the board's own readings are then ignored.")
        PowermeterType type,
        @Key(name = "modbus", doc = "The Modbus RTU meter (type: modbus).", jevse = true)
        ModbusMeterConfig modbus) {
}
