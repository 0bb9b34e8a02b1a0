package org.jevse.board.modbus;

import java.io.IOException;
import java.util.Objects;
import org.jevse.board.serial.SerialLink;

/**
 * A hand-written Modbus RTU master for reading registers (functions 0x03 and 0x04). The response length is known
 * from the request (5 + 2n bytes, or 5 for an exception reply), so it reads the 3-byte header and then the rest,
 * all under one deadline. Stale input is discarded before each request. Not thread-safe: one poller owns it.
 */
public final class ModbusRtuMaster {

    private final SerialLink link;
    private final int timeoutMs;
    private final int turnaroundMs;

    /**
     * @param timeoutMs    deadline for the whole response, counted from the end of the request
     * @param turnaroundMs silence left after each transaction before the next request (3.5 characters at 9600
     *                     baud is 4 ms)
     */
    public ModbusRtuMaster(SerialLink link, int timeoutMs, int turnaroundMs) {
        this.link = Objects.requireNonNull(link, "link");
        this.timeoutMs = timeoutMs;
        this.turnaroundMs = turnaroundMs;
    }

    public int[] readInputRegisters(int unit, int address, int count) throws ModbusException {
        return read(unit, ModbusRtu.READ_INPUT_REGISTERS, address, count);
    }

    public int[] readHoldingRegisters(int unit, int address, int count) throws ModbusException {
        return read(unit, ModbusRtu.READ_HOLDING_REGISTERS, address, count);
    }

    private int[] read(int unit, int function, int address, int count) throws ModbusException {
        if (unit < 1 || unit > 247 || address < 0 || address > 0xFFFF || count < 1 || count > 125) {
            throw new IllegalArgumentException("unit " + unit + ", address " + address + ", count " + count);
        }
        byte[] request = ModbusRtu.readRequest(unit, function, address, count);
        try {
            link.discardInput();
            link.write(request);
        } catch (IOException e) {
            throw new ModbusException(ModbusException.Kind.IO, link.name() + ": " + e.getMessage());
        }
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        try {
            byte[] frame = new byte[5 + 2 * count];
            readFully(frame, 0, 3, deadline);
            if ((frame[0] & 0xFF) != unit) {
                throw new ModbusException(ModbusException.Kind.FRAME, "reply from unit " + (frame[0] & 0xFF)
                        + " to a request to unit " + unit);
            }
            int fc = frame[1] & 0xFF;
            if (fc == (function | 0x80)) {
                readFully(frame, 3, 2, deadline);
                if (!ModbusRtu.crcOk(frame, 5)) {
                    throw new ModbusException(ModbusException.Kind.CRC, "CRC error in an exception reply");
                }
                int code = frame[2] & 0xFF;
                throw new ModbusException(ModbusException.Kind.EXCEPTION, "unit " + unit + " answered exception "
                        + code + " to function " + function + " at " + address, code);
            }
            if (fc != function || (frame[2] & 0xFF) != 2 * count) {
                throw new ModbusException(ModbusException.Kind.FRAME, String.format(
                        "unexpected reply header %02X %02X %02X", frame[0], frame[1], frame[2]));
            }
            readFully(frame, 3, frame.length - 3, deadline);
            if (!ModbusRtu.crcOk(frame, frame.length)) {
                throw new ModbusException(ModbusException.Kind.CRC, "CRC error in the reply from unit " + unit);
            }
            int[] regs = new int[count];
            for (int i = 0; i < count; i++) {
                regs[i] = ((frame[3 + 2 * i] & 0xFF) << 8) | (frame[4 + 2 * i] & 0xFF);
            }
            return regs;
        } finally {
            pause(turnaroundMs);
        }
    }

    private void readFully(byte[] buf, int off, int len, long deadlineNanos) throws ModbusException {
        byte[] chunk = new byte[len];
        int got = 0;
        while (got < len) {
            long leftMs = (deadlineNanos - System.nanoTime()) / 1_000_000L;
            if (leftMs <= 0) {
                throw new ModbusException(ModbusException.Kind.TIMEOUT, link.name() + ": no complete reply within "
                        + timeoutMs + " ms (" + (off + got) + " bytes)");
            }
            int n;
            try {
                byte[] one = new byte[len - got];
                n = link.read(one, (int) Math.min(leftMs, Integer.MAX_VALUE));
                System.arraycopy(one, 0, chunk, got, n);
            } catch (IOException e) {
                throw new ModbusException(ModbusException.Kind.IO, link.name() + ": " + e.getMessage());
            }
            got += n;
        }
        System.arraycopy(chunk, 0, buf, off, len);
    }

    private static void pause(int ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
