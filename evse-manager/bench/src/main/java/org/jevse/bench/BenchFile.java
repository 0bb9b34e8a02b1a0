package org.jevse.bench;

import java.nio.file.Path;
import org.jevse.config.ConfigLoader;
import org.jevse.config.Key;

/**
 * The bench's own file ({@code jevse bench run SUITE --config BENCH.yaml}): which EV-side driver plays the car and
 * what the charger under test is. Read strictly, like every jevse file.
 */
public record BenchFile(
        @Key(name = "driver", def = "sim",
             doc = "The EV-side driver. sim: a simulated pilot line to jevse's own core on the simulated board. raspberrypi: a Pi wired as in docs/hil-bench.md, against a real charger. serial: an EV-side MCU on a UART (docs/serial-board-protocol.md, The EV side).")
        Driver driver,
        @Key(name = "charger_config", def = "''",
             doc = "sim: the jevse.yaml of the charger under test, relative to this file. Empty: jevse's defaults.")
        String chargerConfig,
        @Key(name = "charger_offers_A", min = 6, max = 80,
             doc = "raspberrypi, serial: the current the charger under test is set up to offer; a case that needs another is skipped. Not set: cases that need one are skipped.")
        Integer chargerOffersA,
        @Key(name = "charger_socket", def = "false",
             doc = "raspberrypi, serial: the charger under test has a socket (it reads PP).")
        boolean chargerSocket,
        @Key(name = "rest_s", def = "5", min = 0, max = 600,
             doc = "raspberrypi, serial: seconds with the EV unplugged between two cases, for the charger to come to rest.")
        double restS,
        @Key(name = "raspberrypi", doc = "The Raspberry Pi EV-side board (driver: raspberrypi).")
        PiEv raspberrypi,
        @Key(name = "serial", doc = "The EV-side MCU on a UART (driver: serial).")
        SerialEv serial) {

    /** The EV-side drivers. */
    public enum Driver { sim, raspberrypi, serial }

    /** The UART of the EV-side MCU. */
    public record SerialEv(
            @Key(name = "port", def = "/dev/ttyUSB0", doc = "The serial device of the EV-side MCU.")
            String port,
            @Key(name = "baud", def = "115200", min = 1200, max = 4000000, doc = "The UART's speed.")
            int baud,
            @Key(name = "hello_timeout_ms", def = "2000", min = 100, max = 60000, doc = "How long the EV-side MCU has to answer HELLO.")
            int helloTimeoutMs) {
    }

    /** Pins (BCM GPIO numbers, -1 for not fitted) and the CP divider of the Pi EV-side board. */
    public record PiEv(
            @Key(name = "s1_pin", def = "5", min = 0, max = 27, doc = "Relay S1: closed connects the EV (B and above); open is state A.")
            int s1Pin,
            @Key(name = "c_pin", def = "6", min = 0, max = 27, doc = "Relay switching R3 1.3 kOhm (state C).")
            int cPin,
            @Key(name = "d_pin", def = "13", min = -1, max = 27, doc = "Relay switching 270 Ohm (state D); -1: not fitted.")
            int dPin,
            @Key(name = "e_pin", def = "19", min = -1, max = 27, doc = "Relay shorting CP to PE behind the diode (state E); -1: not fitted.")
            int ePin,
            @Key(name = "diode_pin", def = "26", min = -1, max = 27, doc = "Relay shorting the EV diode; -1: not fitted.")
            int diodePin,
            @Key(name = "pp_1500_pin", def = "-1", min = -1, max = 27, doc = "Relay for the 1.5 kOhm PP resistor (13 A); -1: not fitted.")
            int pp1500Pin,
            @Key(name = "pp_680_pin", def = "-1", min = -1, max = 27, doc = "Relay for 680 Ohm (20 A); -1: not fitted.")
            int pp680Pin,
            @Key(name = "pp_220_pin", def = "-1", min = -1, max = 27, doc = "Relay for 220 Ohm (32 A); -1: not fitted.")
            int pp220Pin,
            @Key(name = "pp_100_pin", def = "-1", min = -1, max = 27, doc = "Relay for 100 Ohm (63 A); -1: not fitted.")
            int pp100Pin,
            @Key(name = "power_pin", def = "4", min = -1, max = 27, doc = "Power-present sense input; -1: not fitted.")
            int powerPin,
            @Key(name = "relays_active_low", def = "false", doc = "The relay drivers switch on a low output.")
            boolean relaysActiveLow,
            @Key(name = "power_active_low", def = "false", doc = "The power-present input is low when power is present.")
            boolean powerActiveLow,
            @Key(name = "spi_channel", def = "0", min = 0, max = 1, doc = "SPI chip select of the MCP3008.")
            int spiChannel,
            @Key(name = "spi_baud", def = "1000000", min = 10000, max = 3600000, doc = "SPI clock of the MCP3008 in Hz.")
            int spiBaud,
            @Key(name = "adc_channel", def = "0", min = 0, max = 7, doc = "MCP3008 channel of the CP divider.")
            int adcChannel,
            @Key(name = "adc_vref", def = "3.3", min = 1, max = 5.5, doc = "The MCP3008's reference voltage.")
            double adcVref,
            @Key(name = "adc_gain", def = "0.1220", min = 0.001, max = 1, doc = "V_adc = adc_gain * V_cp + adc_offset_V (the divider in docs/hil-bench.md).")
            double adcGain,
            @Key(name = "adc_offset_V", def = "1.677", min = 0, max = 5.5, doc = "The divider's output at 0 V on CP.")
            double adcOffsetV,
            @Key(name = "poll_ms", def = "20", min = 1, max = 1000, doc = "A burst of ADC reads every this many ms.")
            int pollMs,
            @Key(name = "burst", def = "64", min = 2, max = 4096, doc = "ADC reads a burst; the highest and lowest are the CP levels.")
            int burst) {
    }

    public static BenchFile load(Path file) {
        return ConfigLoader.load(BenchFile.class, file);
    }

    /** {@link #chargerConfig()} resolved against the directory of the bench file. */
    public Path chargerConfigPath(Path benchFile) {
        Path dir = benchFile.toAbsolutePath().getParent();
        return dir.resolve(chargerConfig);
    }
}
