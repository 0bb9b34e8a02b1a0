package org.jevse.board.serial;

import org.jevse.board.port.Ampacity;
import org.jevse.board.port.CpState;
import org.jevse.board.port.HardwareCapabilities;
import org.jevse.board.port.ConnectorType;
import org.jevse.board.port.PerPhase;
import org.jevse.board.port.PowermeterValues;

/** Message types and payload layouts of the serial board protocol, version 1 (docs/serial-board-protocol.md). */
public final class Proto {

    public static final int VERSION = 1;

    // Commands, Linux -> MCU
    public static final int CMD_HELLO = 0x01;
    public static final int CMD_START = 0x02;
    public static final int CMD_KEEPALIVE = 0x03;
    public static final int CMD_PILOT = 0x10;
    public static final int CMD_ALLOW_POWER = 0x11;
    public static final int CMD_PHASES = 0x12;
    public static final int CMD_OC_LIMIT = 0x13;
    public static final int CMD_LOCK = 0x14;
    public static final int CMD_RCD_SELF_TEST = 0x15;
    public static final int CMD_RCD_RESET = 0x16;

    // Events, MCU -> Linux
    public static final int EVT_ACK = 0x80;
    public static final int EVT_HELLO = 0x81;
    public static final int EVT_NACK = 0x8F;
    public static final int EVT_CP = 0x90;
    public static final int EVT_RELAY = 0x91;
    public static final int EVT_DIODE_FAULT = 0x92;
    public static final int EVT_PP = 0x93;
    public static final int EVT_RCD_TRIP = 0x94;
    public static final int EVT_RCD_SELF_TEST = 0x95;
    public static final int EVT_LOCK = 0x96;
    public static final int EVT_TELEMETRY = 0x97;
    public static final int EVT_METER_ERROR = 0x98;
    public static final int EVT_SAFE_STATE = 0x99;

    public static final int PILOT_X1 = 0;
    public static final int PILOT_PWM = 1;
    public static final int PILOT_F = 2;

    public static final int NACK_UNKNOWN_TYPE = 1;
    public static final int NACK_BAD_LENGTH = 2;
    public static final int NACK_BAD_VALUE = 3;

    public static final int SAFE_KEEPALIVE_TIMEOUT = 1;

    private static final Ampacity[] PP_CODES = {Ampacity.NONE, Ampacity.A13, Ampacity.A20, Ampacity.A32,
            Ampacity.A63_3PH_70_1PH};

    private Proto() {
    }

    public static int cpCode(CpState s) {
        return s.ordinal(); // A=0 .. F=5
    }

    public static CpState cpState(int code) {
        CpState[] all = CpState.values();
        if (code < 0 || code >= all.length) {
            throw new IllegalArgumentException("CP code " + code);
        }
        return all[code];
    }

    public static int ppCode(Ampacity a) {
        if (a == Ampacity.INVALID) {
            return 0xFF;
        }
        for (int i = 0; i < PP_CODES.length; i++) {
            if (PP_CODES[i] == a) {
                return i;
            }
        }
        throw new IllegalArgumentException(a.toString());
    }

    public static Ampacity ampacity(int code) {
        if (code == 0xFF) {
            return Ampacity.INVALID;
        }
        if (code < 0 || code >= PP_CODES.length) {
            throw new IllegalArgumentException("PP code " + code);
        }
        return PP_CODES[code];
    }

    static byte[] u16(int v) {
        return new byte[]{(byte) (v >> 8), (byte) v};
    }

    static void put16(byte[] b, int i, int v) {
        b[i] = (byte) (v >> 8);
        b[i + 1] = (byte) v;
    }

    static void put32(byte[] b, int i, long v) {
        put16(b, i, (int) (v >> 16));
        put16(b, i + 2, (int) v);
    }

    /** PILOT: mode (0 X1, 1 PWM, 2 F), duty in 0.01 % (u16). */
    public static byte[] pilot(int mode, double dutyPercent) {
        int d = (int) Math.round(dutyPercent * 100);
        return new byte[]{(byte) mode, (byte) (d >> 8), (byte) d};
    }

    /** HELLO reply: version, keepalive timeout ms, min/max current dA, min/max phases, flags, cable rating dA. */
    public static byte[] hello(HardwareCapabilities c, int keepaliveTimeoutMs) {
        byte[] b = new byte[12];
        b[0] = VERSION;
        put16(b, 1, keepaliveTimeoutMs);
        put16(b, 3, (int) Math.round(c.minCurrentA() * 10));
        put16(b, 5, (int) Math.round(c.maxCurrentA() * 10));
        b[7] = (byte) c.minPhases();
        b[8] = (byte) c.maxPhases();
        b[9] = (byte) ((c.supportsChangingPhasesWhileCharging() ? 1 : 0) | (c.hasRelayFeedback() ? 2 : 0)
                | (c.hasLock() ? 4 : 0) | (c.hasRcd() ? 8 : 0) | (c.connectorType() == ConnectorType.SOCKET ? 16 : 0));
        put16(b, 10, (int) Math.round(c.cableRatingA() * 10));
        return b;
    }

    public static HardwareCapabilities capabilities(Frame f) {
        if (f.dataLength() < 12) {
            throw new IllegalArgumentException("HELLO reply of " + f.dataLength() + " bytes, 12 expected");
        }
        int flags = f.u8(9);
        return new HardwareCapabilities(f.u16(3) / 10.0, f.u16(5) / 10.0, f.u8(7), f.u8(8), (flags & 1) != 0,
                (flags & 2) != 0, (flags & 4) != 0, (flags & 8) != 0,
                (flags & 16) != 0 ? ConnectorType.SOCKET : ConnectorType.TETHERED_CABLE, f.u16(10) / 10.0);
    }

    /** TELEMETRY: energy 0.1 Wh (u32), power 0.1 W (s32), voltage L1-L3 0.1 V (u16), current L1-L3 0.01 A (u16). */
    public static byte[] telemetry(PowermeterValues v) {
        byte[] b = new byte[20];
        put32(b, 0, Math.round(v.energyImportWh() * 10));
        put32(b, 4, Math.round(v.powerW() * 10));
        put16(b, 8, (int) Math.round(v.voltageV().l1() * 10));
        put16(b, 10, (int) Math.round(v.voltageV().l2() * 10));
        put16(b, 12, (int) Math.round(v.voltageV().l3() * 10));
        put16(b, 14, (int) Math.round(v.currentA().l1() * 100));
        put16(b, 16, (int) Math.round(v.currentA().l2() * 100));
        put16(b, 18, (int) Math.round(v.currentA().l3() * 100));
        return b;
    }

    public static PowermeterValues telemetry(Frame f) {
        return new PowermeterValues(f.u32(0) / 10.0, f.s32(4) / 10.0,
                new PerPhase(f.u16(14) / 100.0, f.u16(16) / 100.0, f.u16(18) / 100.0),
                new PerPhase(f.u16(8) / 10.0, f.u16(10) / 10.0, f.u16(12) / 10.0));
    }

    /** Data length each event must have, or -1 for "at least" checks done by the decoder of that event. */
    static int eventLength(int type) {
        return switch (type) {
            case EVT_ACK -> 1;
            case EVT_HELLO -> 12;
            case EVT_NACK -> 2;
            case EVT_CP, EVT_RELAY, EVT_PP, EVT_RCD_SELF_TEST, EVT_LOCK, EVT_SAFE_STATE -> 1;
            case EVT_DIODE_FAULT, EVT_METER_ERROR -> 0;
            case EVT_RCD_TRIP -> 3;
            case EVT_TELEMETRY -> 20;
            default -> -1;
        };
    }

    /** Data length each command must have, or -1 when the type is unknown. */
    static int commandLength(int type) {
        return switch (type) {
            case CMD_HELLO, CMD_START, CMD_KEEPALIVE, CMD_RCD_SELF_TEST, CMD_RCD_RESET -> 0;
            case CMD_PILOT -> 3;
            case CMD_ALLOW_POWER, CMD_PHASES, CMD_LOCK -> 1;
            case CMD_OC_LIMIT -> 2;
            default -> -1;
        };
    }
}
