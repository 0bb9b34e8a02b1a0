package org.jevse.board.modbus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jevse.board.serial.JSerialCommLink;
import org.jevse.board.serial.SocatPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a meter (or the noise on its RS-485 pair) can make the Modbus master read and wait for, over socat ptys:
 * a reply is at most 5 + 2 × 125 bytes and only as long as the request asked for, it must be complete by one
 * deadline, and whatever else arrives is dropped before the next request (docs/porting.md, "Modbus RTU
 * meters").
 */
class ModbusReplyBoundsTest {

    private static final byte[] REQUEST = ModbusRtu.readRequest(1, ModbusRtu.READ_INPUT_REGISTERS, 0, 2);
    private static final byte[] REPLY = ModbusRtuTest.HEX.parseHex("01 04 04 43 66 33 34 1b 38");

    @TempDir
    Path dir;
    SocatPair pty;
    JSerialCommLink masterLink;
    JSerialCommLink meterLink;
    ModbusRtuMaster master;

    @BeforeEach
    void setUp() throws Exception {
        pty = SocatPair.create(dir);
        masterLink = JSerialCommLink.open(pty.a.toString(), 9600);
        meterLink = JSerialCommLink.open(pty.b.toString(), 9600);
        master = new ModbusRtuMaster(masterLink, 300, 5);
    }

    @AfterEach
    void tearDown() {
        for (AutoCloseable c : new AutoCloseable[]{masterLink, meterLink, pty}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // closing a test pty
            }
        }
    }

    /** The meter's side: waits for one request, checks it, then sends {@code parts} with {@code gapMs} between them. */
    private CompletableFuture<Void> meterAnswers(long gapMs, byte[]... parts) {
        return CompletableFuture.runAsync(() -> {
            try {
                byte[] req = new byte[REQUEST.length];
                int n = 0;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (n < req.length && System.nanoTime() < deadline) {
                    byte[] b = new byte[req.length - n];
                    int got = meterLink.read(b, 100);
                    System.arraycopy(b, 0, req, n, got);
                    n += got;
                }
                assertArrayEquals(REQUEST, req);
                for (int i = 0; i < parts.length; i++) {
                    if (i > 0) {
                        Thread.sleep(gapMs);
                    }
                    meterLink.write(parts[i]);
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private int[] read() throws ModbusException {
        return master.readInputRegisters(1, 0, 2);
    }

    @Test
    void aByteCountLargerThanRequestedIsRefusedAtTheHeaderWithoutReadingTheRest() throws Exception {
        byte[] body = new byte[3 + 250];
        body[0] = 1;
        body[1] = 4;
        body[2] = (byte) 250; // 125 registers where 2 were asked for
        CompletableFuture<Void> meter = meterAnswers(0, ModbusRtu.withCrc(body));
        ModbusException e = assertThrows(ModbusException.class, this::read);
        assertEquals(ModbusException.Kind.FRAME, e.kind(), e.getMessage());
        assertEquals("unexpected reply header 01 04 FA", e.getMessage());
        meter.get(10, TimeUnit.SECONDS);

        CompletableFuture<Void> next = meterAnswers(0, REPLY);
        assertArrayEquals(new int[]{0x4366, 0x3334}, read(), "the 252 bytes left over were dropped before it");
        next.get(10, TimeUnit.SECONDS);
    }

    @Test
    void bytesAfterACompleteReplyAreDroppedBeforeTheNextRequest() throws Exception {
        byte[] trailing = new byte[100];
        Arrays.fill(trailing, (byte) 0x01);
        byte[] withTail = Arrays.copyOf(REPLY, REPLY.length + trailing.length);
        System.arraycopy(trailing, 0, withTail, REPLY.length, trailing.length);
        CompletableFuture<Void> meter = meterAnswers(0, withTail);
        assertArrayEquals(new int[]{0x4366, 0x3334}, read(), "exactly 5 + 2n bytes are read");
        meter.get(10, TimeUnit.SECONDS);
        CompletableFuture<Void> next = meterAnswers(0, REPLY);
        assertArrayEquals(new int[]{0x4366, 0x3334}, read());
        next.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aReplyTrickledSlowerThanTheDeadlineTimesOutThoughBytesKeepComing() throws Exception {
        // One byte every 60 ms: the line is never silent for long, but the whole reply would take 480 ms and the
        // deadline is 300 ms for all of it.
        byte[][] bytes = new byte[REPLY.length][];
        for (int i = 0; i < REPLY.length; i++) {
            bytes[i] = new byte[]{REPLY[i]};
        }
        CompletableFuture<Void> meter = meterAnswers(60, bytes);
        ModbusException e = assertThrows(ModbusException.class, this::read);
        assertEquals(ModbusException.Kind.TIMEOUT, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains("no complete reply within 300 ms"), e.getMessage());
        meter.get(10, TimeUnit.SECONDS);
    }

    @Test
    void continuousNoiseMakesEveryPollFailWithinItsDeadlineAndThePollsRecoverWhenItStops() throws Exception {
        AtomicBoolean noisy = new AtomicBoolean(true);
        CompletableFuture<Void> noise = CompletableFuture.runAsync(() -> {
            Random random = new Random(3);
            byte[] chunk = new byte[256];
            try {
                while (noisy.get()) {
                    random.nextBytes(chunk);
                    meterLink.write(chunk);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        for (int poll = 0; poll < 20; poll++) {
            ModbusException e = assertThrows(ModbusException.class, this::read);
            assertNotEquals(ModbusException.Kind.IO, e.kind(), e.getMessage());
        }
        noisy.set(false);
        // The noise writer may wait for room in the full pty: let its last chunk through.
        byte[] sink = new byte[4096];
        long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!noise.isDone() && System.nanoTime() < drainUntil) {
            masterLink.read(sink, 10);
        }
        noise.get(1, TimeUnit.SECONDS);

        // What is still in the ptys' and socat's buffers is dropped a request at a time; the meter answers again.
        meterLink.discardInput(); // the requests made during the noise, so that the meter does not answer them late
        try (ModbusSlaveEmulator meter = new ModbusSlaveEmulator(meterLink, 1).start()) {
            meterLink = null; // the emulator closes it
            meter.setFloat(0, 230.2f);
            int polls = 0;
            int[] regs = null;
            while (regs == null && polls++ < 20) {
                try {
                    regs = read();
                } catch (ModbusException e) {
                    assertNotEquals(ModbusException.Kind.IO, e.kind(), e.getMessage());
                }
            }
            assertTrue(regs != null, "a poll succeeds within 20 once the noise has stopped");
            assertEquals(230.2f, ModbusRtu.floatOf(regs[0], regs[1]));
        }
    }
}
