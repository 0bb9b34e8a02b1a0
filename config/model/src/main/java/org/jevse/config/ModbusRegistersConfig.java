package org.jevse.config;

/** Per-register overrides of the meter model's map (input registers, float32, high word first). */
public record ModbusRegistersConfig(
        @Key(name = "voltage_l1", def = "-1", min = -1, max = 65534, jevse = true,
             doc = "Voltage L1 (V). -1: the model's address (sdm630/sdm72v2/sdm120: 0 = 0x0000).")
        int voltageL1,
        @Key(name = "voltage_l2", def = "-1", min = -1, max = 65534, jevse = true,
             doc = "Voltage L2 (V). -1: the model's address (sdm630/sdm72v2: 2).")
        int voltageL2,
        @Key(name = "voltage_l3", def = "-1", min = -1, max = 65534, jevse = true,
             doc = "Voltage L3 (V). -1: the model's address (sdm630/sdm72v2: 4).")
        int voltageL3,
        @Key(name = "current_l1", def = "-1", min = -1, max = 65534, jevse = true,
             doc = "Current L1 (A). -1: the model's address (sdm630/sdm72v2/sdm120: 6 = 0x0006).")
        int currentL1,
        @Key(name = "current_l2", def = "-1", min = -1, max = 65534, jevse = true,
             doc = "Current L2 (A). -1: the model's address (sdm630/sdm72v2: 8).")
        int currentL2,
        @Key(name = "current_l3", def = "-1", min = -1, max = 65534, jevse = true,
             doc = "Current L3 (A). -1: the model's address (sdm630/sdm72v2: 10 = 0x000A).")
        int currentL3,
        @Key(name = "power", def = "-1", min = -1, max = 65534, jevse = true,
             doc = "Total active power (W). -1: the model's address (sdm630/sdm72/sdm72v2: 52 = 0x0034; sdm120: 12 = 0x000C).")
        int power,
        @Key(name = "energy_import", def = "-1", min = -1, max = 65534, jevse = true,
             doc = "Total import energy (kWh). -1: the model's address (all SDM models: 72 = 0x0048; not 0x0156, which is import + export). Required for `custom`.")
        int energyImport) {
}
