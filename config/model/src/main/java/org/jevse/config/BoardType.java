package org.jevse.config;

/** The board driver. */
public enum BoardType {
    /** The simulated board with a scripted EV: the default wherever no hardware is attached. */
    sim,
    /** A Raspberry Pi driving the pilot, contactor, RCD and lock itself (Pi4J: sysfs PWM, gpiod, SPI ADC). */
    raspberrypi,
    /** A safety microcontroller on a UART (docs/serial-board-protocol.md). */
    serial
}
