package org.jevse.board.serial;

import com.fazecast.jSerialComm.SerialPort;
import java.io.IOException;
import java.util.Objects;

/** A {@link SerialLink} over jSerialComm: 8 data bits, 1 stop bit, no parity, at the given baud rate. */
public final class JSerialCommLink implements SerialLink {

    private final SerialPort port;
    private final String name;
    private int currentTimeoutMs = -1;

    private JSerialCommLink(SerialPort port, String name) {
        this.port = port;
        this.name = name;
    }

    /**
     * Opens {@code device} (a symlink, e.g. one made by socat or udev, is resolved by jSerialComm).
     *
     * @throws IOException when the port cannot be opened (missing device, no permission: the service user needs
     *                     the {@code dialout} group)
     */
    public static JSerialCommLink open(String device, int baud) throws IOException {
        Objects.requireNonNull(device, "device");
        SerialPort port;
        try {
            port = SerialPort.getCommPort(device);
        } catch (RuntimeException e) {
            throw new IOException(device + ": " + e.getMessage(), e);
        }
        port.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        if (!port.openPort()) {
            throw new IOException(device + ": cannot open serial port (error " + port.getLastErrorCode() + ")");
        }
        JSerialCommLink link = new JSerialCommLink(port, device);
        link.timeout(100);
        return link;
    }

    /**
     * Registers a JVM shutdown hook that runs while the serial ports are still open. jSerialComm's own shutdown
     * hook closes every port; the JVM runs shutdown hooks concurrently, so a hook registered with the Runtime may
     * find the port closed before it can write its last frames. jSerialComm runs (and joins) the hooks given here
     * first.
     */
    public static void addShutdownHook(Thread hook) {
        SerialPort.addShutdownHook(hook);
    }

    private void timeout(int ms) {
        if (ms != currentTimeoutMs) {
            port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
                    Math.max(1, ms), 1000);
            currentTimeoutMs = ms;
        }
    }

    @Override
    public void write(byte[] data) throws IOException {
        int off = 0;
        while (off < data.length) {
            int n = port.writeBytes(data, data.length - off, off);
            if (n <= 0) {
                throw new IOException(name + ": write failed (error " + port.getLastErrorCode() + ")");
            }
            off += n;
        }
    }

    @Override
    public synchronized int read(byte[] buf, int timeoutMs) throws IOException {
        timeout(timeoutMs);
        int n = port.readBytes(buf, buf.length);
        if (n < 0) {
            throw new IOException(name + ": read failed (error " + port.getLastErrorCode() + ")");
        }
        return n;
    }

    @Override
    public void discardInput() {
        int available = port.bytesAvailable();
        if (available > 0) {
            port.readBytes(new byte[available], available);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        port.closePort();
    }
}
