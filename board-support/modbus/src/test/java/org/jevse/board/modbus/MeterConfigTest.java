package org.jevse.board.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jevse.config.BoardType;
import org.jevse.config.ConfigException;
import org.jevse.config.ConfigLoader;
import org.jevse.config.JevseConfig;
import org.jevse.config.ModbusMeterModel;
import org.jevse.config.PowermeterType;
import org.junit.jupiter.api.Test;

/** Driver and meter selection in the config, and the register tables. */
class MeterConfigTest {

    @Test
    void defaultsAreTheSimulatorWithItsOwnMeter() {
        JevseConfig d = ConfigLoader.defaults();
        assertEquals(BoardType.sim, d.board().type());
        assertEquals(PowermeterType.board, d.board().powermeter().type());
        assertEquals(ModbusMeterModel.sdm630, d.board().powermeter().modbus().model());
        assertEquals(0x0048, RegisterMap.of(d.board().powermeter().modbus().model(),
                d.board().powermeter().modbus().registers()).energyImport());
    }

    @Test
    void serialBoardWithAModbusSdm72AndAnOverride() {
        JevseConfig c = ConfigLoader.parse("""
                board:
                  type: serial
                  serial:
                    port: /dev/ttyS1
                  powermeter:
                    type: modbus
                    modbus:
                      port: /dev/ttyUSB1
                      unit_id: 3
                      model: sdm72v2
                      registers:
                        power: 12
                """, "t");
        assertEquals("/dev/ttyS1", c.board().serial().port());
        RegisterMap m = RegisterMap.of(c.board().powermeter().modbus().model(), c.board().powermeter().modbus().registers());
        assertEquals(12, m.power());
        assertEquals(0x0048, m.energyImport());
        assertEquals(3, c.board().powermeter().modbus().unitId());
    }

    @Test
    void impossibleCombinationsAreRejected() {
        ConfigException sim = assertThrows(ConfigException.class, () -> ConfigLoader.parse(
                "board:\n  type: serial\n  powermeter:\n    type: sim\n", "t"));
        assertTrue(sim.getMessage().contains("powermeter.type sim needs type sim"), sim.getMessage());
        ConfigException custom = assertThrows(ConfigException.class, () -> ConfigLoader.parse(
                "board:\n  powermeter:\n    modbus:\n      model: custom\n", "t"));
        assertTrue(custom.getMessage().contains("energy_import"), custom.getMessage());
        assertThrows(ConfigException.class, () -> ConfigLoader.parse("board:\n  type: beaglebone\n", "t"));
        assertThrows(ConfigException.class, () -> ConfigLoader.parse(
                "board:\n  raspberrypi:\n    contactor_feedback_check_ms: 300\n", "t"), "100-250 ms only");
    }
}
