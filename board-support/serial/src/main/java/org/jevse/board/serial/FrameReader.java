package org.jevse.board.serial;

import java.io.IOException;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * The receive loop both ends of the framed serial protocol run (the board on the host, the MCU emulator on the
 * other side): read with a short timeout, feed the {@link FrameDecoder}, hand every complete frame on. A read that
 * times out tells the decoder the line is quiet, since only the inter-frame gap ends a frame.
 */
public final class FrameReader {

    /** Short enough that a quiet line ends a frame and a stop request is noticed quickly. */
    public static final int READ_TIMEOUT_MS = 20;

    /** What one end does with what it receives; called on the reader thread. */
    public interface Handler {

        /** A complete frame, received at {@code nowMs} (monotonic). */
        void onFrame(Frame frame, long nowMs);

        /** After every read, whether it brought frames or timed out. */
        default void afterRead(long nowMs) {
        }

        /** The link failed; returns whether to go on reading. */
        boolean onReadError(IOException e);
    }

    private final SerialLink link;
    private final FrameDecoder decoder;
    private final BooleanSupplier running;
    private final Handler handler;

    public FrameReader(SerialLink link, FrameDecoder decoder, BooleanSupplier running, Handler handler) {
        this.link = Objects.requireNonNull(link, "link");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.running = Objects.requireNonNull(running, "running");
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    /** Reads until {@code running} turns false or the handler gives up after a read error. */
    public void run() {
        byte[] buf = new byte[256];
        while (running.getAsBoolean()) {
            int n;
            try {
                n = link.read(buf, READ_TIMEOUT_MS);
            } catch (IOException e) {
                if (!handler.onReadError(e)) {
                    return;
                }
                continue;
            }
            long now = System.nanoTime() / 1_000_000L;
            if (n == 0) {
                decoder.idle(now);
            } else {
                for (Frame f : decoder.feed(buf, n, now)) {
                    handler.onFrame(f, now);
                }
            }
            handler.afterRead(now);
        }
    }
}
