package org.jevse.evse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.jevse.board.port.BoardEvent;
import org.jevse.board.port.ConnectorType;
import org.jevse.board.port.CpState;
import org.jevse.board.port.HardwareCapabilities;
import org.jevse.board.serial.Await;
import org.jevse.board.serial.Frame;
import org.jevse.board.serial.FrameDecoder;
import org.jevse.board.serial.JSerialCommLink;
import org.jevse.board.serial.Proto;
import org.jevse.board.serial.SerialBoard;
import org.jevse.board.serial.SocatPair;
import org.jevse.board.time.EventLoop;
import org.jevse.config.ConfigLoader;
import org.jevse.config.JevseConfig;
import org.jevse.evse.app.Charger;
import org.jevse.evse.app.plugin.ChargerListener;
import org.jevse.evse.app.LocalListAuthorization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An MCU that floods the serial line with valid events faster than the charger's loop takes them (a faulty MCU, a
 * line at a few Mbaud, or a pty, which has no baud rate at all): the events waiting for the loop stay bounded, so
 * the heap does, and none that was decoded is lost.
 */
class SerialFloodTest {

    private static final int FLOOD_FRAMES = 6_000;

    @TempDir
    Path dir;

    /** The MCU's side: answers HELLO, and after START sends {@link #FLOOD_FRAMES} CP events (B, A, B, ...) at once. */
    private static final class FloodingMcu implements Runnable {
        final JSerialCommLink link;
        int seq;

        FloodingMcu(JSerialCommLink link) {
            this.link = link;
        }

        private byte[] frame(int type, byte... data) {
            return Frame.of(type, seq++ & 0xFF, data).encode();
        }

        @Override
        public void run() {
            FrameDecoder commands = new FrameDecoder(50);
            byte[] buf = new byte[256];
            HardwareCapabilities caps = new HardwareCapabilities(6, 32, 1, 3, false, true, false, false,
                    ConnectorType.TETHERED_CABLE, 32);
            try {
                boolean started = false;
                while (!started) {
                    int n = link.read(buf, 20);
                    for (Frame f : commands.feed(buf, n, System.nanoTime() / 1_000_000)) {
                        switch (f.type()) {
                            case Proto.CMD_HELLO -> link.write(frame(Proto.EVT_HELLO, Proto.hello(caps, 60_000)));
                            case Proto.CMD_START -> started = true;
                            default -> { }
                        }
                    }
                }
                // From now on the charger's commands are read and dropped, so that its writes never wait on a full pty.
                Thread drain = new Thread(() -> {
                    byte[] sink = new byte[4096];
                    try {
                        while (true) {
                            link.read(sink, 100);
                        }
                    } catch (IOException | RuntimeException e) {
                        // the link was closed
                    }
                }, "flooding-mcu-drain");
                drain.setDaemon(true);
                drain.start();
                link.write(frame(Proto.EVT_RELAY, (byte) 0));
                ByteArrayOutputStream flood = new ByteArrayOutputStream();
                for (int i = 0; i < FLOOD_FRAMES; i++) {
                    flood.write(frame(Proto.EVT_CP, (byte) Proto.cpCode(i % 2 == 0 ? CpState.B : CpState.A)));
                }
                link.write(flood.toByteArray());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void aFloodOfValidEventsWaitsInTheSerialLineNotInTheHeap() throws Exception {
        JevseConfig cfg = ConfigLoader.parse("evse:\n  disable_authentication: true\n", "test config");
        try (SocatPair pty = SocatPair.create(dir);
             JSerialCommLink mcuLink = JSerialCommLink.open(pty.b.toString(), 115200)) {
            FloodingMcu mcu = new FloodingMcu(mcuLink);
            Thread mcuThread = new Thread(mcu, "flooding-mcu");
            mcuThread.setDaemon(true);
            mcuThread.start();
            try (SerialBoard board = SerialBoard.open(JSerialCommLink.open(pty.a.toString(), 115200),
                    new SerialBoard.Options(200, 2000, 60_000))) {
                EventLoop loop = EventLoop.realtime();
                Charger charger = new Charger(cfg, board, 3, loop, new SplittableRandom(1),
                        new LocalListAuthorization(List.of()));
                AtomicLong cpEvents = new AtomicLong();
                charger.addListener(new ChargerListener() {
                    @Override
                    public void onBoardEvent(long t, BoardEvent e) {
                        if (e instanceof BoardEvent.CpChanged) {
                            cpEvents.incrementAndGet();
                        }
                    }
                });
                // The loop falls behind: its first task holds it until the flood has had its chance.
                CountDownLatch behind = new CountDownLatch(1);
                loop.submit(() -> {
                    try {
                        behind.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                charger.start();
                Thread loopThread = new Thread(() -> loop.run(() -> Thread.currentThread().isInterrupted()), "loop");
                loopThread.start();
                try {
                    // Either the reader decodes the whole flood (nothing holds it back) or it waits for the loop.
                    Thread reader = Thread.getAllStackTraces().keySet().stream()
                            .filter(t -> t.getName().startsWith("serial-board-rx")).findFirst().orElseThrow();
                    Await.until("the flood decoded, or the reader waiting for the loop",
                            () -> board.decoder().framesOk() > FLOOD_FRAMES || reader.getState() == Thread.State.WAITING,
                            () -> board.decoder() + ", reader " + reader.getState());
                    long decodedWhileBehind = board.decoder().framesOk();
                    assertTrue(decodedWhileBehind <= Charger.MAX_PENDING_BOARD_EVENTS + 64,
                            "the serial reader decoded " + decodedWhileBehind + " frames while the loop took none;"
                                    + " bound " + Charger.MAX_PENDING_BOARD_EVENTS + " waiting events");

                    behind.countDown();
                    Await.until("the whole flood reached the core", () -> cpEvents.get() == FLOOD_FRAMES,
                            () -> cpEvents.get() + " of " + FLOOD_FRAMES + ", decoder " + board.decoder());
                    assertEquals(0, board.decoder().crcErrors() + board.decoder().garbageBytes(),
                            "a pty loses nothing: the flood waited in it");
                } finally {
                    behind.countDown();
                    loopThread.interrupt();
                    loopThread.join(5000);
                }
            }
        }
    }
}
