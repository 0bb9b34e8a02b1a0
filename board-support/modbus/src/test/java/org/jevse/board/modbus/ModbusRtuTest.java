package org.jevse.board.modbus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.jevse.config.ModbusMeterModel;
import org.junit.jupiter.api.Test;

class ModbusRtuTest {

    static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    @Test
    void crcIsModbus() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0x4B37, ModbusRtu.crc(check, 0, check.length));
    }

    @Test
    void goldenRequestAndResponse() {
        assertArrayEquals(HEX.parseHex("01 04 00 00 00 02 71 cb"),
                ModbusRtu.readRequest(1, ModbusRtu.READ_INPUT_REGISTERS, 0, 2));
        byte[] reply = HEX.parseHex("01 04 04 43 66 33 34 1b 38");
        assertTrue(ModbusRtu.crcOk(reply, reply.length));
        assertArrayEquals(reply, ModbusRtu.withCrc(HEX.parseHex("01 04 04 43 66 33 34")));
        assertEquals(0x43663334, Float.floatToIntBits(ModbusRtu.floatOf(0x4366, 0x3334)));
        assertEquals(230.2, ModbusRtu.floatOf(0x4366, 0x3334), 0.0001); // 230.20001f: 230.2 V to the meter's resolution
    }

    @Test
    void sdm630ImportEnergyIs0x0048NotTotal0x0156() {
        RegisterMap m = RegisterMap.of(ModbusMeterModel.sdm630);
        assertEquals(0x0048, m.energyImport());
        assertTrue(!m.addresses().contains(0x0156));
        // V, I and P in one block from 0x0000, power and energy in a second one
        assertEquals(List.of(new RegisterMap.Block(0x0000, 0x000C), new RegisterMap.Block(0x0034, 0x0048 + 2 - 0x0034)),
                m.blocks());
        assertEquals(0x000C, RegisterMap.of(ModbusMeterModel.sdm120).power());
        assertEquals(List.of(0x0034, 0x0048), RegisterMap.of(ModbusMeterModel.sdm72).addresses());
    }
}
