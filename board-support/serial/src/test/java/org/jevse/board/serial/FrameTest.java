package org.jevse.board.serial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameTest {

    @Test
    void crcIsCcittFalse() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0x29B1, Frame.crc16(check, 0, check.length));
    }

    @Test
    void pilotFrameBytesAreAsDocumented() {
        // PILOT, seq 7, PWM 26.67 % (16 A): the example in docs/serial-board-protocol.md
        byte[] wire = Frame.of(Proto.CMD_PILOT, 7, Proto.pilot(Proto.PILOT_PWM, 26.67)).encode();
        byte[] head = HexFormat.of().parseHex("a505100701" + "0a6b");
        assertArrayEquals(head, java.util.Arrays.copyOf(wire, head.length));
        int crc = Frame.crc16(wire, 1, wire.length - 3);
        assertEquals(crc, ((wire[wire.length - 2] & 0xFF) << 8) | (wire[wire.length - 1] & 0xFF));
        assertEquals(List.of(Frame.of(Proto.CMD_PILOT, 7, Proto.pilot(Proto.PILOT_PWM, 26.67))),
                new FrameDecoder(50).feed(wire, wire.length, 0));
    }

    @Test
    void theExamplesOfTheProtocolDocument() {
        HexFormat hex = HexFormat.ofDelimiter(" ");
        assertArrayEquals(hex.parseHex("a5 02 03 00 f7 af"), Frame.of(Proto.CMD_KEEPALIVE, 0).encode());
        assertArrayEquals(hex.parseHex("a5 03 11 01 01 48 5f"), Frame.of(Proto.CMD_ALLOW_POWER, 1, (byte) 1).encode());
        assertArrayEquals(hex.parseHex("a5 05 10 07 01 0a 6b 1d 50"),
                Frame.of(Proto.CMD_PILOT, 7, Proto.pilot(Proto.PILOT_PWM, 26.67)).encode());
        assertArrayEquals(hex.parseHex("a5 03 90 04 02 8b a3"),
                Frame.of(Proto.EVT_CP, 4, (byte) Proto.cpCode(org.jevse.board.port.CpState.C)).encode());
    }

    @Test
    void garbageBrokenCrcAndTruncatedFramesAreCountedAndSkipped() {
        FrameDecoder d = new FrameDecoder(50);
        byte[] good = Frame.of(Proto.CMD_ALLOW_POWER, 1, (byte) 1).encode();
        byte[] bad = Frame.of(Proto.CMD_ALLOW_POWER, 2, (byte) 1).encode();
        bad[4] ^= 0x40; // flip a data bit: the CRC no longer matches
        byte[] stream = concat(new byte[]{0x00, 0x13, 0x37}, bad, good);
        List<Frame> frames = d.feed(stream, stream.length, 0);
        assertEquals(List.of(Frame.of(Proto.CMD_ALLOW_POWER, 1, (byte) 1)), frames);
        assertEquals(3, d.garbageBytes() - (bad.length - 1)); // 3 leading bytes, plus the bad frame after its SOF
        assertEquals(1, d.crcErrors());

        byte[] half = java.util.Arrays.copyOf(good, 4);
        assertEquals(List.of(), d.feed(half, half.length, 100));
        d.idle(200); // the rest never comes
        assertEquals(1, d.truncatedFrames());
        assertEquals(1, d.feed(good, good.length, 300).size());

        byte[] impossible = {(byte) 0xA5, (byte) 0xF0};
        byte[] s2 = concat(impossible, good);
        assertEquals(1, d.feed(s2, s2.length, 400).size());
        assertEquals(1, d.lengthErrors());
        assertEquals(3, d.framesOk());
    }

    @Test
    void payloadsRoundTrip() {
        var v = new org.jevse.board.port.PowermeterValues(12345.6, 11040.5,
                new org.jevse.board.port.PerPhase(16, 16, 15.99), new org.jevse.board.port.PerPhase(230.1, 229.9, 231));
        assertEquals(v, Proto.telemetry(Frame.of(Proto.EVT_TELEMETRY, 0, Proto.telemetry(v))));
        var caps = new org.jevse.board.port.HardwareCapabilities(6, 32, 1, 3, true, true, false, true,
                org.jevse.board.port.ConnectorType.SOCKET, 0);
        assertEquals(caps, Proto.capabilities(Frame.of(Proto.EVT_HELLO, 0, Proto.hello(caps, 1000))));
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int off = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, off, p.length);
            off += p.length;
        }
        return out;
    }
}
