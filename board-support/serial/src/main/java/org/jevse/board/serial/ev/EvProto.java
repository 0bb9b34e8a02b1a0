package org.jevse.board.serial.ev;

import org.jevse.board.ev.EvCapabilities;
import org.jevse.board.ev.EvLoad;
import org.jevse.board.ev.EvMeasurement;
import org.jevse.board.port.PerPhase;
import org.jevse.board.serial.Frame;

/**
 * Message types and payload layouts of the EV side of the serial board protocol, version 1
 * (docs/serial-board-protocol.md, "The EV side"). The frames are the charger side's; the EV side's HELLO answer
 * has its own length and a role byte, so a host wired to the wrong kind of MCU stops at HELLO with a clear line.
 */
public final class EvProto {

    public static final int VERSION = 1;
    /** The role byte of the EV side's HELLO: 'E'. */
    public static final int ROLE_EV = 0x45;

    // Commands, host -> EV MCU (HELLO and START as on the charger side)
    public static final int CMD_HELLO = 0x01;
    public static final int CMD_START = 0x02;
    public static final int CMD_CP_LOAD = 0x20;
    public static final int CMD_DIODE_SHORT = 0x21;
    public static final int CMD_PE_SHORT = 0x22;
    public static final int CMD_PP = 0x23;
    public static final int CMD_LOAD = 0x24;

    // Events, EV MCU -> host
    public static final int EVT_ACK = 0x80;
    public static final int EVT_HELLO = 0x81;
    public static final int EVT_NACK = 0x8F;
    public static final int EVT_CP = 0xA0;
    public static final int EVT_POWER = 0xA1;
    public static final int EVT_CURRENT = 0xA2;

    public static final int NACK_UNKNOWN_TYPE = 1;
    public static final int NACK_BAD_LENGTH = 2;
    public static final int NACK_BAD_VALUE = 3;

    /** "No PP resistor" on the wire (the u16 Ohm field). */
    public static final int PP_NONE = 0xFFFF;
    /** A level, frequency or duty that was not measured (NaN) on the wire. */
    public static final int S16_NAN = 0x7FFF;
    public static final int U16_NAN = 0xFFFF;

    private static final int CAP_PP = 1;
    private static final int CAP_LOAD = 2;
    private static final int CAP_DIODE_SHORT = 4;
    private static final int CAP_PE_SHORT = 8;
    private static final int CAP_POWER_SENSE = 16;
    private static final int CAP_METER = 32;
    private static final int CAP_PWM_TIMING = 64;

    private EvProto() {
    }

    /** The DATA length of each EV MCU event, or -1 for a type the host does not know. */
    public static int eventLength(int type) {
        return switch (type) {
            case EVT_ACK -> 1;
            case EVT_HELLO -> 6;
            case EVT_NACK -> 2;
            case EVT_CP -> 8;
            case EVT_POWER -> 1;
            case EVT_CURRENT -> 6;
            default -> -1;
        };
    }

    /** The DATA length of each command, or -1 for a type the EV MCU does not know. */
    public static int commandLength(int type) {
        return switch (type) {
            case CMD_HELLO, CMD_START -> 0;
            case CMD_CP_LOAD, CMD_DIODE_SHORT, CMD_PE_SHORT -> 1;
            case CMD_PP -> 2;
            case CMD_LOAD -> 3;
            default -> -1;
        };
    }

    /** HELLO answer: version u8, role u8, capabilities u8 (bits), flags u8 (0), max load u16 in 0.1 A. */
    public static byte[] hello(EvCapabilities c) {
        int bits = (c.hasPp() ? CAP_PP : 0) | (c.hasProgrammableLoad() ? CAP_LOAD : 0)
                | (c.hasDiodeShort() ? CAP_DIODE_SHORT : 0) | (c.hasPeShort() ? CAP_PE_SHORT : 0)
                | (c.hasPowerSense() ? CAP_POWER_SENSE : 0) | (c.hasMeter() ? CAP_METER : 0)
                | (c.hasPwmTiming() ? CAP_PWM_TIMING : 0);
        int dA = (int) Math.round(c.maxLoadA() * 10);
        return new byte[] {(byte) VERSION, (byte) ROLE_EV, (byte) bits, 0, (byte) (dA >> 8), (byte) dA};
    }

    public static EvCapabilities capabilities(Frame hello) {
        int b = hello.u8(2);
        return new EvCapabilities((b & CAP_PP) != 0, (b & CAP_LOAD) != 0, (b & CAP_DIODE_SHORT) != 0,
                (b & CAP_PE_SHORT) != 0, (b & CAP_POWER_SENSE) != 0, (b & CAP_METER) != 0,
                (b & CAP_PWM_TIMING) != 0, hello.u16(4) / 10.0);
    }

    /** CP_LOAD value: 0 A, 1 B, 2 C, 3 D. */
    public static int loadCode(EvLoad load) {
        return load.ordinal();
    }

    public static EvLoad load(int code) {
        EvLoad[] all = EvLoad.values();
        if (code < 0 || code >= all.length) {
            throw new IllegalArgumentException("CP load code " + code + " is not 0..3");
        }
        return all[code];
    }

    /** PP value: the resistor in Ohm (1..65534), {@link #PP_NONE} for none. */
    public static byte[] pp(double ohms) {
        int v = Double.isInfinite(ohms) || ohms >= PP_NONE ? PP_NONE : (int) Math.max(1, Math.round(ohms));
        return u16(v);
    }

    public static double ppOhms(Frame f) {
        int v = f.u16(0);
        return v == PP_NONE ? Double.POSITIVE_INFINITY : v;
    }

    /** LOAD: current per phase u16 in 0.1 A, phases u8 (1..3). */
    public static byte[] loadCurrent(double amps, int phases) {
        int dA = (int) Math.round(Math.max(0, Math.min(amps, 6553.4)) * 10);
        return new byte[] {(byte) (dA >> 8), (byte) dA, (byte) phases};
    }

    /** CP: high s16 and low s16 in 0.01 V, frequency u16 in 0.1 Hz, duty u16 in 0.01 %; NaN as 0x7FFF / 0xFFFF. */
    public static byte[] cp(EvMeasurement.Cp m) {
        byte[] out = new byte[8];
        put(out, 0, Double.isNaN(m.highV()) ? S16_NAN : (int) Math.round(m.highV() * 100));
        put(out, 2, Double.isNaN(m.lowV()) ? S16_NAN : (int) Math.round(m.lowV() * 100));
        put(out, 4, Double.isNaN(m.frequencyHz()) ? U16_NAN : (int) Math.round(m.frequencyHz() * 10));
        put(out, 6, Double.isNaN(m.dutyPercent()) ? U16_NAN : (int) Math.round(m.dutyPercent() * 100));
        return out;
    }

    public static EvMeasurement.Cp cp(Frame f, long atMs) {
        return new EvMeasurement.Cp(atMs, s16(f, 0) / 100.0, s16(f, 2) / 100.0,
                f.u16(4) == U16_NAN ? Double.NaN : f.u16(4) / 10.0,
                f.u16(6) == U16_NAN ? Double.NaN : f.u16(6) / 100.0);
    }

    /** CURRENT: L1, L2, L3 u16 in 0.1 A. */
    public static byte[] current(PerPhase a) {
        byte[] out = new byte[6];
        put(out, 0, (int) Math.round(a.l1() * 10));
        put(out, 2, (int) Math.round(a.l2() * 10));
        put(out, 4, (int) Math.round(a.l3() * 10));
        return out;
    }

    public static PerPhase current(Frame f) {
        return new PerPhase(f.u16(0) / 10.0, f.u16(2) / 10.0, f.u16(4) / 10.0);
    }

    private static double s16(Frame f, int i) {
        int v = f.u16(i);
        return v == S16_NAN ? Double.NaN : (short) v;
    }

    static byte[] u16(int v) {
        return new byte[] {(byte) (v >> 8), (byte) v};
    }

    private static void put(byte[] out, int i, int v) {
        out[i] = (byte) (v >> 8);
        out[i + 1] = (byte) v;
    }
}
