package org.jevse.board.modbus;

/** Modbus RTU framing helpers: CRC-16/MODBUS and register values. */
public final class ModbusRtu {

    public static final int READ_HOLDING_REGISTERS = 0x03;
    public static final int READ_INPUT_REGISTERS = 0x04;

    private ModbusRtu() {
    }

    /** CRC-16/MODBUS: reflected poly 0xA001, init 0xFFFF; sent low byte first ("123456789" gives 0x4B37). */
    public static int crc(byte[] buf, int off, int len) {
        int crc = 0xFFFF;
        for (int i = off; i < off + len; i++) {
            crc ^= buf[i] & 0xFF;
            for (int b = 0; b < 8; b++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
            }
        }
        return crc;
    }

    /** Appends the CRC (low byte first) to {@code body}. */
    public static byte[] withCrc(byte[] body) {
        byte[] out = java.util.Arrays.copyOf(body, body.length + 2);
        int crc = crc(body, 0, body.length);
        out[body.length] = (byte) crc;
        out[body.length + 1] = (byte) (crc >>> 8);
        return out;
    }

    /** True when the last two bytes of {@code frame[0..len)} are the CRC of the rest. */
    public static boolean crcOk(byte[] frame, int len) {
        if (len < 3) {
            return false;
        }
        int crc = crc(frame, 0, len - 2);
        return (frame[len - 2] & 0xFF) == (crc & 0xFF) && (frame[len - 1] & 0xFF) == (crc >>> 8);
    }

    /** A read request: unit, function, start address, count (big-endian), CRC. */
    public static byte[] readRequest(int unit, int function, int address, int count) {
        return withCrc(new byte[]{(byte) unit, (byte) function, (byte) (address >> 8), (byte) address,
                (byte) (count >> 8), (byte) count});
    }

    /** IEEE-754 float32 from two registers, high word first (the Eastron order). */
    public static float floatOf(int hiWord, int loWord) {
        return Float.intBitsToFloat(((hiWord & 0xFFFF) << 16) | (loWord & 0xFFFF));
    }
}
