package org.jevse.board.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What a serial line can make the decoder hold: never more than one frame of the longest length, whatever arrives,
 * and a good frame after the noise is still found (docs/serial-board-protocol.md, "Bounds").
 */
class FrameDecoderBoundsTest {

    /** The longest frame on the wire: SOF, LEN 66 (64 data bytes), TYPE, SEQ, DATA, CRC. */
    private static final int LONGEST_FRAME = Frame.MAX_LEN + 4;
    private static final byte[] GOOD = Frame.of(Proto.EVT_CP, 1, (byte) 2).encode();

    /** Feeds {@code stream} in reads of {@code chunk} bytes, as the reader thread does, checking the bound after each. */
    private static int feedInChunks(FrameDecoder d, byte[] stream, int chunk, long nowMs) {
        int frames = 0;
        int most = 0;
        for (int off = 0; off < stream.length; off += chunk) {
            byte[] part = Arrays.copyOfRange(stream, off, Math.min(stream.length, off + chunk));
            frames += d.feed(part, part.length, nowMs).size();
            most = Math.max(most, d.bufferedBytes());
        }
        assertTrue(most < LONGEST_FRAME, "held " + most + " bytes; bound " + LONGEST_FRAME);
        return frames;
    }

    @Test
    void aMebibyteWithoutAStartOfFrameIsSkippedAndCountedAndNothingIsHeld() {
        FrameDecoder d = new FrameDecoder(50);
        byte[] noise = new byte[1 << 20];
        Arrays.fill(noise, (byte) 0x55);
        assertEquals(0, feedInChunks(d, noise, 256, 0));
        assertEquals(1 << 20, d.garbageBytes());
        assertEquals(0, d.bufferedBytes());
        assertEquals(1, d.feed(GOOD, GOOD.length, 0).size(), "the next good frame is decoded");
    }

    @Test
    void aMebibyteOfStartBytesIsOneLengthErrorEachAndNothingAccumulates() {
        // A5 A5 ...: every SOF is followed by the impossible LEN 0xA5.
        FrameDecoder d = new FrameDecoder(50);
        byte[] sofs = new byte[1 << 20];
        Arrays.fill(sofs, (byte) Frame.SOF);
        assertEquals(0, feedInChunks(d, sofs, 256, 0));
        assertEquals((1 << 20) - 1, d.lengthErrors(), "the last SOF still waits for its LEN");
        assertEquals(1, d.bufferedBytes());
        assertEquals(1, d.feed(GOOD, GOOD.length, 0).size());
    }

    @Test
    void startsOfTheLongestFrameThatNeverCheckOutHoldAtMostOneFrame() {
        // Each A5 42 announces the longest frame (LEN 66), whose CRC never matches: the decoder waits for 70
        // bytes at most, drops the SOF, and searches again from the next byte.
        FrameDecoder d = new FrameDecoder(50);
        byte[] stream = new byte[1 << 20];
        for (int i = 0; i < stream.length; i += 2) {
            stream[i] = (byte) Frame.SOF;
            stream[i + 1] = (byte) Frame.MAX_LEN;
        }
        assertEquals(0, feedInChunks(d, stream, 256, 0));
        assertTrue(d.crcErrors() > 500_000, d.toString());
    }

    @Test
    void randomNoiseNeverMakesTheDecoderHoldMoreThanOneFrame() {
        FrameDecoder d = new FrameDecoder(50);
        byte[] noise = new byte[4 << 20];
        new Random(9).nextBytes(noise);
        feedInChunks(d, noise, 256, 0);
        long decoded = d.framesOk();
        // A CRC-16 lets about one in 65,536 random candidates through; each is refused later by type and length.
        assertTrue(decoded < 50, d.toString());
        assertEquals(1, d.feed(GOOD, GOOD.length, 10_000).size(), "the next good frame is found again by its CRC");
    }

    @Test
    void theLongestFrameIsDecodedAndOneByteLongerIsALengthError() {
        FrameDecoder d = new FrameDecoder(50);
        byte[] longest = Frame.of(Proto.EVT_TELEMETRY, 3, new byte[Frame.MAX_DATA]).encode();
        assertEquals(LONGEST_FRAME, longest.length);
        assertEquals(List.of(Frame.of(Proto.EVT_TELEMETRY, 3, new byte[Frame.MAX_DATA])),
                d.feed(longest, longest.length, 0));

        byte[] tooLong = longest.clone();
        tooLong[1] = (byte) (Frame.MAX_LEN + 1);
        assertEquals(0, d.feed(tooLong, tooLong.length, 0).size());
        assertEquals(1, d.lengthErrors());
    }

    @Test
    void aFrameThatStopsHalfWayIsDroppedAfterTheGapSoItCannotHoldTheBufferForEver() {
        FrameDecoder d = new FrameDecoder(50);
        d.feed(GOOD, 4, 0);
        assertEquals(4, d.bufferedBytes());
        d.idle(50);
        assertEquals(4, d.bufferedBytes(), "not after exactly the gap");
        d.idle(51);
        assertEquals(0, d.bufferedBytes());
        assertEquals(1, d.truncatedFrames());
    }

    @Test
    void aReaderHeldUpLongerThanTheGapStillFindsTheRestOfTheFrameWaiting() {
        // The reader thread may be held up (a full event queue, a GC pause) while the rest of a frame waits in the
        // driver: the gap is silence on the line, seen as a read that returns nothing, not time between reads.
        FrameDecoder d = new FrameDecoder(50);
        d.feed(GOOD, 4, 0);
        assertEquals(List.of(Frame.of(Proto.EVT_CP, 1, (byte) 2)),
                d.feed(Arrays.copyOfRange(GOOD, 4, GOOD.length), GOOD.length - 4, 500));
        assertEquals(0, d.truncatedFrames());
    }
}
