package org.jevse.board.pi;

import com.pi4j.io.spi.Spi;
import java.util.Objects;

/** The MCP3008 10-bit ADC over SPI: single-ended reads of channels 0-7. */
public final class Mcp3008 implements PiIo.Adc {

    private final Spi spi;

    public Mcp3008(Spi spi) {
        this.spi = Objects.requireNonNull(spi, "spi");
    }

    /** The three bytes that read {@code channel} single-ended: start bit, SGL/DIFF + channel, padding. */
    public static byte[] command(int channel) {
        if (channel < 0 || channel > 7) {
            throw new IllegalArgumentException("MCP3008 channel " + channel);
        }
        return new byte[]{0x01, (byte) ((0x08 | channel) << 4), 0x00};
    }

    /** The 10-bit result from the three bytes clocked back. */
    public static int decode(byte[] rx) {
        return ((rx[1] & 0x03) << 8) | (rx[2] & 0xFF);
    }

    @Override
    public synchronized int read(int channel) {
        byte[] rx = new byte[3];
        spi.transfer(command(channel), rx);
        return decode(rx);
    }

    @Override
    public int maxCount() {
        return 1023;
    }
}
