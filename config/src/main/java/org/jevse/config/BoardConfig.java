package org.jevse.config;

/** The board selection. Drivers for real boards add their own sections next to {@code sim}. */
public record BoardConfig(
        @Key(name = "type", def = "sim", doc = "The board driver. `sim` is the simulated board with a scripted EV.", jevse = true)
        BoardType type,
        @Key(name = "sim", doc = "The simulated board and EV. By default a common 3-phase 32 A wallbox with a tethered 32 A cable.", jevse = true)
        SimBoardConfig sim) {
}
