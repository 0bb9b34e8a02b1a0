package org.jevse.board.serial;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a byte stream into {@link Frame}s and survives line noise: bytes before a start-of-frame are garbage, a
 * frame whose CRC does not match is dropped and the search for the next start resumes one byte after the bad one,
 * and a frame left incomplete while the line stays silent for longer than the inter-byte gap is truncated and
 * dropped. Every case is counted. It never holds more than one frame of the longest length ({@link Frame#MAX_LEN}
 * + 4 bytes), whatever arrives.
 * Used by one reader thread; the counters may be read from any thread.
 */
public final class FrameDecoder {

    private final long gapMs;
    private final byte[] buf = new byte[4 * (Frame.MAX_LEN + 4)];
    private int n;
    private long lastByteMs;

    private volatile long framesOk;
    private volatile long garbageBytes;
    private volatile long crcErrors;
    private volatile long lengthErrors;
    private volatile long truncatedFrames;

    /** @param gapMs an incomplete frame with no new byte for this long is truncated */
    public FrameDecoder(long gapMs) {
        this.gapMs = gapMs;
    }

    /**
     * Adds received bytes and returns the frames they complete. However long ago the last bytes came, these continue
     * them: the reader may have been held up while they waited in the driver, so only {@link #idle} ends a frame.
     */
    public List<Frame> feed(byte[] data, int len, long nowMs) {
        List<Frame> out = new ArrayList<>();
        for (int off = 0; off < len; ) {
            int chunk = Math.min(len - off, buf.length - n);
            System.arraycopy(data, off, buf, n, chunk);
            n += chunk;
            off += chunk;
            parse(out);
            if (n == buf.length) { // cannot happen after parse (a frame is at most MAX_LEN + 4), but never overflow
                garbageBytes += n;
                n = 0;
            }
        }
        if (len > 0) {
            lastByteMs = nowMs;
        }
        return out;
    }

    /** Call when a read found the line silent: drops an incomplete frame whose bytes stopped coming. */
    public void idle(long nowMs) {
        if (n > 0 && nowMs - lastByteMs > gapMs) {
            truncatedFrames++;
            n = 0;
        }
    }

    private void parse(List<Frame> out) {
        while (true) {
            int i = 0;
            while (i < n && (buf[i] & 0xFF) != Frame.SOF) {
                i++;
            }
            if (i > 0) {
                garbageBytes += i;
                drop(i);
            }
            if (n < 2) {
                return;
            }
            int len = buf[1] & 0xFF;
            if (len < 2 || len > Frame.MAX_LEN) {
                lengthErrors++;
                drop(1);
                continue;
            }
            int total = len + 4;
            if (n < total) {
                return;
            }
            int crc = Frame.crc16(buf, 1, len + 1);
            int rx = ((buf[total - 2] & 0xFF) << 8) | (buf[total - 1] & 0xFF);
            if (crc != rx) {
                crcErrors++;
                drop(1);
                continue;
            }
            byte[] data = new byte[len - 2];
            System.arraycopy(buf, 4, data, 0, data.length);
            out.add(new Frame(buf[2] & 0xFF, buf[3] & 0xFF, data));
            framesOk++;
            drop(total);
        }
    }

    private void drop(int count) {
        System.arraycopy(buf, count, buf, 0, n - count);
        n -= count;
    }

    /** Bytes held for a frame not complete yet: never more than one frame ({@link Frame#MAX_LEN} + 4). */
    public int bufferedBytes() {
        return n;
    }

    public long framesOk() {
        return framesOk;
    }

    /** Bytes skipped while looking for a start of frame. */
    public long garbageBytes() {
        return garbageBytes;
    }

    public long crcErrors() {
        return crcErrors;
    }

    /** Start bytes followed by an impossible length. */
    public long lengthErrors() {
        return lengthErrors;
    }

    public long truncatedFrames() {
        return truncatedFrames;
    }

    @Override
    public String toString() {
        return "frames=" + framesOk + " garbage=" + garbageBytes + " crc=" + crcErrors + " length=" + lengthErrors
                + " truncated=" + truncatedFrames;
    }
}
