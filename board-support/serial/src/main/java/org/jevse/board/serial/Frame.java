package org.jevse.board.serial;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One frame of the jevse serial board protocol (docs/serial-board-protocol.md):
 * {@code A5 | LEN | TYPE | SEQ | DATA[LEN-2] | CRC16 (big-endian)}, with LEN = 2 + data length (2..66) and the
 * CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF) over LEN, TYPE, SEQ and DATA.
 */
public record Frame(int type, int seq, byte[] data) {

    public static final int SOF = 0xA5;
    public static final int MAX_DATA = 64;
    /** LEN counts TYPE, SEQ and DATA. */
    public static final int MAX_LEN = MAX_DATA + 2;

    public Frame {
        if (type < 0 || type > 0xFF || seq < 0 || seq > 0xFF) {
            throw new IllegalArgumentException("type and seq are bytes");
        }
        if (data.length > MAX_DATA) {
            throw new IllegalArgumentException("data longer than " + MAX_DATA + " bytes");
        }
        data = data.clone();
    }

    public static Frame of(int type, int seq, byte... data) {
        return new Frame(type, seq, data);
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    public int dataLength() {
        return data.length;
    }

    /** Unsigned data byte {@code i}. */
    public int u8(int i) {
        return data[i] & 0xFF;
    }

    /** Unsigned big-endian 16-bit value at {@code i}. */
    public int u16(int i) {
        return (u8(i) << 8) | u8(i + 1);
    }

    /** Signed big-endian 32-bit value at {@code i}. */
    public int s32(int i) {
        return (u16(i) << 16) | u16(i + 2);
    }

    /** Unsigned big-endian 32-bit value at {@code i}. */
    public long u32(int i) {
        return s32(i) & 0xFFFF_FFFFL;
    }

    /** The bytes on the wire. */
    public byte[] encode() {
        byte[] out = new byte[data.length + 6];
        out[0] = (byte) SOF;
        out[1] = (byte) (data.length + 2);
        out[2] = (byte) type;
        out[3] = (byte) seq;
        System.arraycopy(data, 0, out, 4, data.length);
        int crc = crc16(out, 1, data.length + 3);
        out[out.length - 2] = (byte) (crc >> 8);
        out[out.length - 1] = (byte) crc;
        return out;
    }

    /** CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, no final xor ("123456789" gives 0x29B1). */
    public static int crc16(byte[] buf, int off, int len) {
        int crc = 0xFFFF;
        for (int i = off; i < off + len; i++) {
            crc ^= (buf[i] & 0xFF) << 8;
            for (int b = 0; b < 8; b++) {
                crc = (crc & 0x8000) != 0 ? ((crc << 1) ^ 0x1021) : (crc << 1);
            }
            crc &= 0xFFFF;
        }
        return crc;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f && f.type == type && f.seq == seq && Arrays.equals(f.data, data);
    }

    @Override
    public int hashCode() {
        return type * 31 + seq + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return String.format("Frame[type=0x%02X seq=%d data=%s]", type, seq, HexFormat.of().formatHex(data));
    }
}
