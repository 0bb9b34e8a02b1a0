package org.jevse.board.modbus;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jevse.board.serial.SerialLink;

/**
 * A Modbus RTU slave answering read requests (0x03, 0x04) from a table of 16-bit registers: the meter in tests
 * and on the HIL bench. Faults can be injected: silence, a broken CRC, an exception reply. A request whose CRC
 * does not match is counted and not answered, as a real slave does.
 */
public final class ModbusSlaveEmulator implements AutoCloseable {

    private final SerialLink link;
    private final int unit;
    private final Map<Integer, Integer> registers = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private final AtomicInteger silentReplies = new AtomicInteger();
    private final AtomicInteger corruptReplies = new AtomicInteger();
    private volatile int exceptionCode;
    private volatile long requests;
    private volatile long badRequests;
    private volatile byte[] lastRequest = new byte[0];

    public ModbusSlaveEmulator(SerialLink link, int unit) {
        this.link = Objects.requireNonNull(link, "link");
        this.unit = unit;
        this.thread = new Thread(this::run, "modbus-slave " + link.name());
        thread.setDaemon(true);
    }

    public ModbusSlaveEmulator start() {
        thread.start();
        return this;
    }

    public void setRegister(int address, int value) {
        registers.put(address, value & 0xFFFF);
    }

    /** A float32 over {@code address} (high word) and {@code address + 1}. */
    public void setFloat(int address, float value) {
        int bits = Float.floatToIntBits(value);
        setRegister(address, bits >>> 16);
        setRegister(address + 1, bits);
    }

    /** The next {@code n} requests get no answer. */
    public void silence(int n) {
        silentReplies.set(n);
    }

    /** The next {@code n} answers carry a wrong CRC. */
    public void corruptCrc(int n) {
        corruptReplies.set(n);
    }

    /** Answer every request with this exception code (0: answer normally). */
    public void exception(int code) {
        exceptionCode = code;
    }

    public long requests() {
        return requests;
    }

    public long badRequests() {
        return badRequests;
    }

    /** The bytes of the last request with a valid CRC. */
    public byte[] lastRequest() {
        return lastRequest.clone();
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        link.close();
    }

    private void run() {
        byte[] buf = new byte[256];
        byte[] req = new byte[8];
        int n = 0;
        while (running) {
            int got;
            try {
                got = link.read(buf, 20);
            } catch (IOException e) {
                return;
            }
            if (got == 0) {
                n = 0; // a silent gap ends any partial frame (RTU's 3.5-character rule, generously)
                continue;
            }
            for (int i = 0; i < got; i++) {
                if (n < req.length) {
                    req[n++] = buf[i];
                }
                if (n == req.length) {
                    handle(req);
                    n = 0;
                }
            }
        }
    }

    private void handle(byte[] req) {
        if (!ModbusRtu.crcOk(req, req.length)) {
            badRequests++;
            return;
        }
        requests++;
        lastRequest = req.clone();
        if ((req[0] & 0xFF) != unit) {
            return;
        }
        if (silentReplies.getAndUpdate(v -> Math.max(0, v - 1)) > 0) {
            return;
        }
        int fc = req[1] & 0xFF;
        int address = ((req[2] & 0xFF) << 8) | (req[3] & 0xFF);
        int count = ((req[4] & 0xFF) << 8) | (req[5] & 0xFF);
        byte[] reply;
        int code = exceptionCode;
        if (fc != ModbusRtu.READ_INPUT_REGISTERS && fc != ModbusRtu.READ_HOLDING_REGISTERS) {
            code = 1;
        } else if (count < 1 || count > 125) {
            code = 3;
        }
        if (code != 0) {
            reply = ModbusRtu.withCrc(new byte[]{(byte) unit, (byte) (fc | 0x80), (byte) code});
        } else {
            byte[] body = new byte[3 + 2 * count];
            body[0] = (byte) unit;
            body[1] = (byte) fc;
            body[2] = (byte) (2 * count);
            for (int i = 0; i < count; i++) {
                int v = registers.getOrDefault(address + i, 0);
                body[3 + 2 * i] = (byte) (v >> 8);
                body[4 + 2 * i] = (byte) v;
            }
            reply = ModbusRtu.withCrc(body);
        }
        if (corruptReplies.getAndUpdate(v -> Math.max(0, v - 1)) > 0) {
            reply[reply.length - 1] ^= 0x5A;
        }
        try {
            link.write(reply);
        } catch (IOException e) {
            // the master times out
        }
    }
}
