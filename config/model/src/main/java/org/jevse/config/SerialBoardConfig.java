package org.jevse.config;

/** A safety MCU on a UART, speaking docs/serial-board-protocol.md. The MCU reports its own capabilities. */
public record SerialBoardConfig(
        @Key(name = "port", def = "/dev/ttyAMA0", jevse = true, doc = "Serial device of the MCU.")
        String port,
        @Key(name = "baud", def = "115200", min = 1200, max = 4000000, jevse = true, doc = "Baud rate (8N1).")
        int baud,
        @Key(name = "keepalive_interval_ms", def = "200", min = 10, max = 10000, jevse = true,
             doc = "Time between keepalives. Must be well below the keepalive timeout the MCU announces (its HELLO reply).")
        int keepaliveIntervalMs,
        @Key(name = "hello_timeout_ms", def = "2000", min = 10, max = 60000, jevse = true,
             doc = "How long start-up waits for the MCU's HELLO reply before giving up.")
        int helloTimeoutMs,
        @Key(name = "mcu_silence_ms", def = "1500", min = 50, max = 60000, jevse = true,
             doc = "No frame from the MCU for this long: the link is lost, reported to the core as CP state E.")
        int mcuSilenceMs) {

    public SerialBoardConfig {
        if (mcuSilenceMs <= keepaliveIntervalMs) {
            throw new IllegalArgumentException("mcu_silence_ms must be above keepalive_interval_ms");
        }
    }
}
