package org.jevse.energy.mqtt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import org.junit.jupiter.api.Test;

/** The client's own bound on incoming MQTT packets, on the bytes as they arrive. */
class PacketLimitTest {

    /** A packet: type byte, remaining length as MQTT's variable byte integer, then that many body bytes. */
    static byte[] packet(int type, int bodyLength) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(type);
        int n = bodyLength;
        do {
            int digit = n % 128;
            n /= 128;
            b.write(n > 0 ? digit | 0x80 : digit);
        } while (n > 0);
        for (int i = 0; i < bodyLength; i++) {
            b.write(i * 31);
        }
        return b.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    /** A stream that fails the test if anything past {@code allowed} bytes is read. */
    static InputStream thenNothing(byte[] allowed) {
        return new SequenceInputStream(new ByteArrayInputStream(allowed), new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("read past the header of a packet that is too large");
            }
        });
    }

    @Test
    void packetsWithinTheLimitPassUnchangedWhateverTheReadSizes() throws IOException {
        // Remaining lengths of 1, 2 and 3 bytes, a packet without body (PINGRESP), and one exactly at the limit.
        byte[] stream = concat(packet(0x20, 3), packet(0x30, 200), packet(0xd0, 0), packet(0x30, 20_000),
                packet(0x30, 50_000 - 4));
        for (int chunk : new int[] {1, 2, 7, 128, 65_536}) {
            PacketLimit in = new PacketLimit(new ByteArrayInputStream(stream), 50_000);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[chunk];
            for (int n; (n = chunk == 1 ? single(in, buf) : in.read(buf, 0, chunk)) > 0; ) {
                out.write(buf, 0, n);
            }
            assertArrayEquals(stream, out.toByteArray(), "chunks of " + chunk);
        }
    }

    private static int single(InputStream in, byte[] buf) throws IOException {
        int b = in.read();
        if (b < 0) {
            return -1;
        }
        buf[0] = (byte) b;
        return 1;
    }

    @Test
    void aHeaderThatAnnouncesMoreThanTheLimitEndsTheConnectionBeforeTheBodyIsRead() {
        byte[] ok = packet(0x30, 100);
        byte[] huge = packet(0x30, 16 << 20); // 16 MiB
        byte[] header = java.util.Arrays.copyOf(huge, 5); // type and 4 length bytes
        PacketLimit in = new PacketLimit(thenNothing(concat(ok, header)), 16_384);
        IOException e = assertThrows(IOException.class, () -> in.readAllBytes());
        assertEquals("the broker sent a packet of " + ((16 << 20) + 5) + " bytes, above the maximum packet size of"
                + " 16384 bytes this client announced; connection closed", e.getMessage());
        // The largest length MQTT can express, read byte by byte as Paho does.
        PacketLimit single = new PacketLimit(thenNothing(new byte[] {0x30, (byte) 0xff, (byte) 0xff, (byte) 0xff,
                0x7f}), 16_384);
        assertThrows(PacketLimit.TooLarge.class, () -> {
            while (single.read() >= 0) {
                // until the length is complete
            }
        });
    }

    @Test
    void aRemainingLengthOfMoreThanFourBytesIsMalformed() {
        PacketLimit in = new PacketLimit(new ByteArrayInputStream(new byte[] {0x30, (byte) 0x80, (byte) 0x80,
                (byte) 0x80, (byte) 0x80, 0x01}), 16_384);
        IOException e = assertThrows(IOException.class, in::readAllBytes);
        assertTrue(e.getMessage().contains("malformed remaining length"), e.getMessage());
    }
}
