package org.jevse.config;

/** The board selection: the driver, its section, and the powermeter. */
public record BoardConfig(
        @Key(name = "type", def = "sim", doc = "The board driver. `sim`: the simulated board with a scripted EV. `raspberrypi`: a Pi wired to the hardware directly (board.raspberrypi). `serial`: a safety MCU on a UART (board.serial, docs/serial-board-protocol.md).", jevse = true)
        BoardType type,
        @Key(name = "sim", doc = "The simulated board and EV. By default a common 3-phase 32 A wallbox with a tethered 32 A cable.", jevse = true)
        SimBoardConfig sim,
        @Key(name = "serial", doc = "The serial safety MCU (type: serial).", jevse = true)
        SerialBoardConfig serial,
        @Key(name = "raspberrypi", doc = "The Raspberry Pi wiring (type: raspberrypi).", jevse = true)
        PiBoardConfig raspberrypi,
        @Key(name = "powermeter", doc = "Where the meter readings come from.", jevse = true)
        PowermeterConfig powermeter) {

    public BoardConfig {
        if (powermeter.type() == PowermeterType.sim && type != BoardType.sim) {
            throw new IllegalArgumentException("powermeter.type sim needs type sim; use board or modbus");
        }
    }
}
