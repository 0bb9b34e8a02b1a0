package org.jevse.board.modbus;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.jevse.config.ModbusMeterModel;
import org.jevse.config.ModbusRegistersConfig;

/**
 * Where a meter keeps each quantity: input-register addresses of float32 values (two registers, high word first),
 * -1 where the meter does not have it.
 */
public record RegisterMap(int voltageL1, int voltageL2, int voltageL3, int currentL1, int currentL2, int currentL3,
                          int power, int energyImport) {

    /** A contiguous range of registers read with one request. */
    public record Block(int address, int count) {
    }

    /** Registers one request may span (the Eastron limit is not documented; 40 is well inside common limits). */
    static final int MAX_BLOCK = 40;

    public RegisterMap {
        if (energyImport < 0) {
            throw new IllegalArgumentException("a meter map needs the import energy register");
        }
    }

    /** The model's table with the configured overrides (-1 in the overrides keeps the model's address). */
    public static RegisterMap of(ModbusMeterModel model, ModbusRegistersConfig o) {
        return new RegisterMap(pick(o.voltageL1(), model.voltageL1()), pick(o.voltageL2(), model.voltageL2()),
                pick(o.voltageL3(), model.voltageL3()), pick(o.currentL1(), model.currentL1()),
                pick(o.currentL2(), model.currentL2()), pick(o.currentL3(), model.currentL3()),
                pick(o.power(), model.power()), pick(o.energyImport(), model.energyImport()));
    }

    public static RegisterMap of(ModbusMeterModel model) {
        return of(model, new ModbusRegistersConfig(-1, -1, -1, -1, -1, -1, -1, -1));
    }

    private static int pick(int override, int model) {
        return override >= 0 ? override : model;
    }

    /** The addresses in use. */
    public List<Integer> addresses() {
        List<Integer> all = new ArrayList<>();
        for (int a : new int[]{voltageL1, voltageL2, voltageL3, currentL1, currentL2, currentL3, power, energyImport}) {
            if (a >= 0) {
                all.add(a);
            }
        }
        return all;
    }

    /** The fewest requests that cover every address, each at most {@link #MAX_BLOCK} registers. */
    public List<Block> blocks() {
        List<Block> out = new ArrayList<>();
        int start = -1;
        int end = -1;
        for (int a : new TreeSet<>(addresses())) {
            if (start >= 0 && a + 2 - start <= MAX_BLOCK) {
                end = Math.max(end, a + 2);
                continue;
            }
            if (start >= 0) {
                out.add(new Block(start, end - start));
            }
            start = a;
            end = a + 2;
        }
        if (start >= 0) {
            out.add(new Block(start, end - start));
        }
        return out;
    }
}
