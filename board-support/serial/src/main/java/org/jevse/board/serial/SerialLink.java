package org.jevse.board.serial;

import java.io.IOException;

/**
 * A byte pipe to a UART (or a pseudo-terminal in tests). The serial board, the MCU emulator and the Modbus master
 * all talk through it, so the protocol code never touches jSerialComm directly.
 */
public interface SerialLink extends AutoCloseable {

    /** Writes all bytes (blocking until they are handed to the driver). */
    void write(byte[] data) throws IOException;

    /**
     * Reads what is available into {@code buf}, waiting at most {@code timeoutMs} for the first byte.
     *
     * @return the number of bytes read; 0 when nothing arrived in time
     */
    int read(byte[] buf, int timeoutMs) throws IOException;

    /** Drops whatever was received and not read yet (the Modbus master does this before each request). */
    void discardInput() throws IOException;

    /** A name for messages, e.g. the device path. */
    String name();

    @Override
    void close();
}
