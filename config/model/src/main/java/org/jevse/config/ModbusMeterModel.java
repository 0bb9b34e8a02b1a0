package org.jevse.config;

/**
 * Register maps of supported Modbus RTU meters: input registers (function 0x04), each value an IEEE-754 float32
 * over two registers, high word first. -1: the meter does not have the quantity. Source: volkszaehler/mbmd
 * (meters/rs485/sdm.go, sdm72v2.go), citing Eastron's register documents. Import energy is 0x0048 on all of them:
 * the SDM630's 0x0156 is import + export, not import.
 */
public enum ModbusMeterModel {
    /** Eastron SDM630 (3-phase). */
    sdm630(0x0000, 0x0002, 0x0004, 0x0006, 0x0008, 0x000A, 0x0034, 0x0048),
    /** Eastron SDM72D-M v1: total power and energy only, no voltages or currents. */
    sdm72(-1, -1, -1, -1, -1, -1, 0x0034, 0x0048),
    /** Eastron SDM72D-M v2: the SDM630 addresses. */
    sdm72v2(0x0000, 0x0002, 0x0004, 0x0006, 0x0008, 0x000A, 0x0034, 0x0048),
    /** Eastron SDM120 (1-phase): L1 only; total power is the phase power at 0x000C. */
    sdm120(0x0000, -1, -1, 0x0006, -1, -1, 0x000C, 0x0048),
    /** No built-in map: every address comes from board.powermeter.modbus.registers. */
    custom(-1, -1, -1, -1, -1, -1, -1, -1);

    private final int[] registers;

    ModbusMeterModel(int vL1, int vL2, int vL3, int iL1, int iL2, int iL3, int power, int energyImport) {
        this.registers = new int[]{vL1, vL2, vL3, iL1, iL2, iL3, power, energyImport};
    }

    public int voltageL1() {
        return registers[0];
    }

    public int voltageL2() {
        return registers[1];
    }

    public int voltageL3() {
        return registers[2];
    }

    public int currentL1() {
        return registers[3];
    }

    public int currentL2() {
        return registers[4];
    }

    public int currentL3() {
        return registers[5];
    }

    public int power() {
        return registers[6];
    }

    /** Total import energy in kWh. */
    public int energyImport() {
        return registers[7];
    }
}
