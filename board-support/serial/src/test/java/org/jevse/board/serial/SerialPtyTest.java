package org.jevse.board.serial;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jevse.board.port.BoardEvent;
import org.jevse.board.port.CpState;
import org.jevse.board.port.PilotMode;
import org.jevse.board.port.PowerReason;
import org.jevse.config.ConfigLoader;
import org.jevse.config.JevseConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serial board protocol over real pseudo-terminals made by socat, against the reference MCU emulator. */
class SerialPtyTest {

    @TempDir
    Path dir;
    SocatPair pty;
    McuEmulator mcu;
    JSerialCommLink linux;

    @BeforeEach
    void setUp() throws Exception {
        pty = SocatPair.create(dir);
        JevseConfig cfg = ConfigLoader.parse("board:\n  sim:\n    ev_reaction_ms: 50\n    meter_interval_ms: 200\n", "t");
        mcu = new McuEmulator(JSerialCommLink.open(pty.b.toString(), 115200), cfg.board().sim(), 230, 1000).start();
        linux = JSerialCommLink.open(pty.a.toString(), 115200);
    }

    @AfterEach
    void tearDown() {
        if (linux != null) {
            linux.close();
        }
        if (mcu != null) {
            mcu.close();
        }
        if (pty != null) {
            pty.close();
        }
    }

    private int seq;

    private boolean closed() {
        return mcu.<Boolean>query(b -> b.contactorClosed());
    }

    private void send(int type, byte... data) throws Exception {
        linux.write(Frame.of(type, seq++ & 0xFF, data).encode());
    }

    @Test
    void lossOfKeepaliveDropsTheMcuToItsSafeState() throws Exception {
        // Linux talks: closes the contactor for a charging EV ...
        send(Proto.CMD_HELLO);
        send(Proto.CMD_PILOT, Proto.pilot(Proto.PILOT_PWM, 26.67));
        mcu.onLoop(b -> {
            b.ev().plugin();
            b.ev().drawPowerRegulated(16, 3);
        });
        Await.until("EV in C", () -> mcu.<CpState>query(b -> b.cpState()) == CpState.C);
        send(Proto.CMD_ALLOW_POWER, (byte) 1);
        Await.until("contactor closed", () -> closed());
        assertFalse(mcu.inSafeState());
        assertEquals(0, mcu.safeStateEntries());
        // ... keeps talking for a while: keepalives hold the state ...
        for (int i = 0; i < 10; i++) {
            send(Proto.CMD_KEEPALIVE);
            Thread.sleep(100);
        }
        assertTrue(closed(), "keepalives every 100 ms must hold a 1000 ms watchdog");
        // ... then stops. The MCU acts on its own.
        Await.until("safe state", () -> mcu.inSafeState());
        Await.until("contactor open", () -> !closed());
        assertEquals(1, mcu.safeStateEntries());
        assertEquals(PilotMode.X1, mcu.<PilotMode>query(b -> b.pilotMode()));
        assertFalse(mcu.powerAllowed());
    }

    @Test
    void garbageTruncatedFramesAndBrokenCrcsAreCountedAndIgnored() throws Exception {
        long before = mcu.commands();
        send(Proto.CMD_HELLO);
        Await.until("HELLO handled", () -> mcu.commands() > before);
        // garbage
        linux.write(new byte[]{0x00, 0x11, 0x22, 0x7F, (byte) 0xFF});
        // broken CRC on an ALLOW_POWER: must not close anything
        byte[] bad = Frame.of(Proto.CMD_ALLOW_POWER, 50, (byte) 1).encode();
        bad[bad.length - 1] ^= 0x01;
        linux.write(bad);
        Await.until("CRC error counted", () -> mcu.decoder().crcErrors() == 1, () -> mcu.decoder().toString());
        // truncated: half a PILOT frame, then silence
        byte[] pilot = Frame.of(Proto.CMD_PILOT, 51, Proto.pilot(Proto.PILOT_F, 0)).encode();
        linux.write(java.util.Arrays.copyOf(pilot, 5));
        Await.until("truncated frame counted", () -> mcu.decoder().truncatedFrames() == 1, () -> mcu.decoder().toString());
        // a valid frame afterwards still works
        send(Proto.CMD_PILOT, Proto.pilot(Proto.PILOT_PWM, 50));
        Await.until("PWM 50 %", () -> mcu.pilotMode() == Proto.PILOT_PWM && mcu.pilotDuty() == 50);
        FrameDecoder d = mcu.decoder();
        assertTrue(d.garbageBytes() >= 5, d.toString());
        assertEquals(1, d.crcErrors(), d.toString());
        assertEquals(1, d.truncatedFrames(), d.toString());
        assertFalse(mcu.powerAllowed(), "a frame with a broken CRC must never be obeyed");
        assertFalse(closed());
        // an unknown command with a valid CRC is refused, not obeyed
        send(0x55);
        Await.until("NACK", () -> mcu.nacksSent() == 1);
    }

    @Test
    void theLastCommandsHaveReachedTheMcuWhenTheBoardClosesItsPort() throws Exception {
        linux.close();
        linux = null;
        JSerialCommLink port = JSerialCommLink.open(pty.a.toString(), 115200);
        boolean[] x1AndOpenAtClose = new boolean[2];
        SerialLink watched = new SerialLink() {
            @Override
            public void write(byte[] data) throws IOException {
                port.write(data);
            }

            @Override
            public int read(byte[] buf, int timeoutMs) throws IOException {
                return port.read(buf, timeoutMs);
            }

            @Override
            public void discardInput() throws IOException {
                port.discardInput();
            }

            @Override
            public String name() {
                return port.name();
            }

            @Override
            public void close() {
                // What the MCU has taken in when the port goes: a pty may drop what is still in transit.
                x1AndOpenAtClose[0] = mcu.pilotMode() == Proto.PILOT_X1;
                x1AndOpenAtClose[1] = !mcu.powerAllowed();
                port.close();
            }
        };
        SerialBoard board = SerialBoard.open(watched, new SerialBoard.Options(100, 2000, 1000));
        board.start();
        board.pilotPwm(26.67);
        board.allowPower(true, org.jevse.board.port.PowerReason.FULL_POWER_CHARGING);
        Await.until("PWM and power on at the MCU", () -> mcu.pilotMode() == Proto.PILOT_PWM && mcu.powerAllowed());
        // The runtime's last words before it exits, on the loop's thread that the shutdown hook has interrupted.
        Thread.currentThread().interrupt();
        board.allowPower(false, org.jevse.board.port.PowerReason.POWER_OFF);
        board.pilotX1();
        board.close();
        assertTrue(Thread.interrupted(), "the caller's interrupt is kept");
        assertTrue(x1AndOpenAtClose[0], "X1 reached the MCU before the port closed");
        assertTrue(x1AndOpenAtClose[1], "the contactor's opening reached the MCU before the port closed");
    }

    @Test
    void linuxSideReportsEventsAndIgnoresGarbageFromTheMcu() throws Exception {
        linux.close();
        linux = null;
        try (SerialBoard board = SerialBoard.open(JSerialCommLink.open(pty.a.toString(), 115200),
                new SerialBoard.Options(100, 2000, 1000))) {
            assertEquals(32, board.capabilities().maxCurrentA());
            assertEquals(3, board.capabilities().maxPhases());
            assertEquals(1000, board.mcuKeepaliveTimeoutMs());
            List<BoardEvent> events = new CopyOnWriteArrayList<>();
            board.setListener(events::add);
            board.start();
            Await.until("initial CP A", () -> events.contains(new BoardEvent.CpChanged(CpState.A)));
            board.pilotPwm(26.67);
            mcu.onLoop(b -> {
                b.ev().plugin();
                b.ev().drawPowerRegulated(16, 3);
            });
            Await.until("C", () -> events.contains(new BoardEvent.CpChanged(CpState.C)), events::toString);
            board.allowPower(true, PowerReason.FULL_POWER_CHARGING);
            Await.until("PowerOn", () -> events.contains(new BoardEvent.RelayFeedback(true)), events::toString);
            Await.until("meter reading with current", () -> events.stream().anyMatch(e ->
                    e instanceof BoardEvent.PowermeterReading r && r.values().currentA().l1() > 15.9));
            // keepalives from the Linux side hold the MCU out of its safe state
            Thread.sleep(1000);
            assertEquals(0, mcu.safeStateEntries());
            assertTrue(closed());
            assertEquals(26.67, mcu.pilotDuty(), 1e-9);

            // noise from the MCU side: counted by the Linux side's decoder, ignored
            byte[] bad = Frame.of(Proto.EVT_RELAY, 9, (byte) 0).encode();
            bad[4] ^= 1;
            mcu.injectRawBytes(FrameTest.concat(new byte[]{0x01, 0x02, 0x03}, bad,
                    java.util.Arrays.copyOf(Frame.of(Proto.EVT_LOCK, 10, (byte) 1).encode(), 4)));
            // The MCU keeps sending (ACKs, telemetry), so the truncated frame is usually completed by the bytes of
            // the next frame and fails its CRC; with a pause after it, the inter-byte gap drops it. Either way it is
            // counted once, and the frame after it is recovered by rescanning from the byte after its start.
            Await.until("Linux side counted the broken and the truncated frame",
                    () -> board.decoder().crcErrors() + board.decoder().truncatedFrames() == 2,
                    () -> board.decoder().toString());
            board.allowPower(false, PowerReason.POWER_OFF);
            Await.until("PowerOff", () -> events.contains(new BoardEvent.RelayFeedback(false)), events::toString);
            assertEquals(1, events.stream().filter(new BoardEvent.RelayFeedback(true)::equals).count());
            assertEquals(1, events.stream().filter(new BoardEvent.RelayFeedback(false)::equals).count());
            assertEquals(2, board.decoder().crcErrors() + board.decoder().truncatedFrames(), board.decoder().toString());
            assertTrue(board.decoder().garbageBytes() >= 3);
            assertFalse(events.contains(new BoardEvent.LockFeedback(true)), "a truncated frame must not be obeyed");
            assertEquals(0, board.badEvents());
        }
        // closing the Linux side stops the keepalives: the MCU falls back to its safe state by itself
        Await.until("safe state after close", () -> mcu.safeStateEntries() == 1);
    }

    @Test
    void aSilentMcuIsReportedAsCpStateEAndASnapshotIsAskedForWhenItIsBack() throws Exception {
        linux.close();
        linux = null;
        try (SerialBoard board = SerialBoard.open(JSerialCommLink.open(pty.a.toString(), 115200),
                new SerialBoard.Options(100, 2000, 600))) {
            List<BoardEvent> events = new CopyOnWriteArrayList<>();
            board.setListener(events::add);
            board.start();
            Await.until("initial CP A", () -> events.contains(new BoardEvent.CpChanged(CpState.A)));
            assertEquals(0, board.linkLosses());
            mcu.close(); // the MCU stops answering (reset, crash, cable pulled)
            Await.until("link lost", () -> events.contains(new BoardEvent.CpChanged(CpState.E)), events::toString);
            assertEquals(1, board.linkLosses());
            // a new MCU on the same line answers again: Linux asks for a fresh snapshot (START)
            JevseConfig cfg = ConfigLoader.defaults();
            mcu = new McuEmulator(JSerialCommLink.open(pty.b.toString(), 115200), cfg.board().sim(), 230, 1000).start();
            int before = events.size();
            Await.until("fresh CP A after the link is back",
                    () -> List.copyOf(events).stream().skip(before).anyMatch(new BoardEvent.CpChanged(CpState.A)::equals),
                    events::toString);
        }
    }

    @Test
    void aHungChargerLoopStopsTheKeepalivesAndTheMcuGoesSafe() throws Exception {
        linux.close();
        linux = null;
        try (SerialBoard board = SerialBoard.open(JSerialCommLink.open(pty.a.toString(), 115200),
                new SerialBoard.Options(50, 2000, 1000))) {
            board.setListener(e -> { });
            board.start();
            board.pilotPwm(26.67);
            mcu.onLoop(b -> {
                b.ev().plugin();
                b.ev().drawPowerRegulated(16, 3);
            });
            Await.until("C", () -> mcu.<CpState>query(b -> b.cpState()) == CpState.C);
            board.allowPower(true, PowerReason.FULL_POWER_CHARGING);
            Await.until("contactor closed", this::closed);
            for (int i = 0; i < 10; i++) { // the charger loop is alive: it feeds the watchdog
                board.feedWatchdog();
                Thread.sleep(50);
            }
            assertEquals(0, mcu.safeStateEntries());
            // the loop hangs: no more feeding. The keepalive thread still runs but stays silent.
            Await.until("safe state", () -> mcu.safeStateEntries() == 1);
            Await.until("contactor open", () -> !closed());
        }
    }

    @Test
    void openFailsClearlyWhenNoMcuAnswers() {
        mcu.close();
        mcu = null;
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> SerialBoard.open(linux, new SerialBoard.Options(100, 300, 1000)));
        linux = null; // closed by the failed open
        assertTrue(e.getMessage().contains("no HELLO reply"), e.getMessage());
    }
}
