package org.jevse.config;

/** An external Modbus RTU powermeter on RS-485. */
public record ModbusMeterConfig(
        @Key(name = "port", def = "/dev/ttyUSB0", jevse = true, doc = "Serial device of the RS-485 adapter.")
        String port,
        @Key(name = "baud", def = "9600", min = 1200, max = 115200, jevse = true,
             doc = "Baud rate (8 data bits, no parity, 1 stop bit). Eastron meters default to 9600.")
        int baud,
        @Key(name = "unit_id", def = "1", min = 1, max = 247, jevse = true, doc = "Modbus address of the meter.")
        int unitId,
        @Key(name = "model", def = "sdm630", jevse = true,
             doc = "The register map: `sdm630`, `sdm72` (v1: power and energy only), `sdm72v2`, `sdm120`, or `custom` (all from `registers`).")
        ModbusMeterModel model,
        @Key(name = "registers", doc = "Overrides of single register addresses of the model's map.", jevse = true)
        ModbusRegistersConfig registers,
        @Key(name = "interval_ms", def = "1000", min = 100, max = 60000, jevse = true,
             doc = "Polling interval.")
        int intervalMs,
        @Key(name = "timeout_ms", def = "500", min = 20, max = 10000, jevse = true,
             doc = "Deadline for a whole response, from the end of the request.")
        int timeoutMs,
        @Key(name = "max_failures", def = "3", min = 1, max = 100, jevse = true,
             doc = "Consecutive failed polls (timeout, CRC error, exception reply) before a powermeter error is raised.")
        int maxFailures) {

    public ModbusMeterConfig {
        if (model == ModbusMeterModel.custom && registers.energyImport() < 0) {
            throw new IllegalArgumentException("model custom needs registers.energy_import");
        }
    }
}
