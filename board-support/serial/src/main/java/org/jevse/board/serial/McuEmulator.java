package org.jevse.board.serial;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jevse.board.port.Ampacity;
import org.jevse.board.port.BoardEvent;
import org.jevse.board.port.ConnectorType;
import org.jevse.board.port.PowerReason;
import org.jevse.board.port.RcdFault;
import org.jevse.board.sim.EvScript;
import org.jevse.board.sim.EvScriptRunner;
import org.jevse.board.sim.SimulatedBoard;
import org.jevse.board.time.EventLoop;
import org.jevse.config.SimBoardConfig;

/**
 * The reference safety MCU, in Java: the firmware's side of docs/serial-board-protocol.md on top of a
 * {@link SimulatedBoard} (pilot, EV, contactor, RCD, lock, PP, meter) running on real time. Tests and the HIL
 * bench use it on one end of a pseudo-terminal pair; {@link McuEmulatorMain} runs it as a program.
 *
 * <p>It acts on its own like real firmware: when no valid command arrives for {@code keepaliveTimeoutMs} it opens
 * the contactor, drives X1 and reports SAFE_STATE.
 */
public final class McuEmulator implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(McuEmulator.class.getName());

    private final SerialLink link;
    private final int keepaliveTimeoutMs;
    private final EventLoop loop = EventLoop.realtime();
    private final SimulatedBoard board;
    private final FrameDecoder decoder = new FrameDecoder(50);
    private final Thread loopThread;
    private final Thread reader;
    private volatile boolean running = true;
    private int seq;
    private long lastCommandMs;
    private volatile boolean safe = true;
    private volatile long safeStateEntries;
    private volatile long commands;
    private volatile long nacksSent;
    private volatile double pilotDuty = 100;
    private volatile int pilotMode = Proto.PILOT_X1;
    private volatile boolean powerAllowed;
    private volatile double overCurrentLimitA = Double.NaN;
    private EvScriptRunner runner;
    private volatile FrameTap tap;

    /**
     * Sees the frames of the emulator's UART with {@code System.nanoTime()}: each event just before it is written,
     * each command as soon as it is decoded. Called on the emulator's own threads; it must return quickly. Used by
     * the serial-path latency harness, which times an event's way to the Linux side and the command's way back.
     */
    public interface FrameTap {
        void sending(int type, byte[] data, long nanoTime);

        void received(Frame command, long nanoTime);
    }

    public McuEmulator(SerialLink link, SimBoardConfig cfg, double nominalVoltage, int keepaliveTimeoutMs) {
        this.link = Objects.requireNonNull(link, "link");
        if (keepaliveTimeoutMs < 50 || keepaliveTimeoutMs > 65535) {
            throw new IllegalArgumentException("keepalive timeout must be 50..65535 ms, got " + keepaliveTimeoutMs);
        }
        this.keepaliveTimeoutMs = keepaliveTimeoutMs;
        this.board = new SimulatedBoard(cfg, nominalVoltage, loop);
        board.setListener(this::onBoardEvent);
        board.start(); // the hardware runs from power-up; events only go out after the Linux side's START
        this.loopThread = new Thread(() -> loop.run(() -> !running), "mcu-emulator-loop");
        this.reader = new Thread(this::readLoop, "mcu-emulator-rx " + link.name());
        loopThread.setDaemon(true);
        reader.setDaemon(true);
    }

    /** Starts the firmware: the loop and the UART reader. */
    public McuEmulator start() {
        loop.submit(this::watchdog);
        loopThread.start();
        reader.start();
        return this;
    }

    /** Runs an EV script against the emulated board (the {@code auth} word is ignored: the MCU has no reader). */
    public void runScript(EvScript script) {
        onLoop(b -> {
            runner = new EvScriptRunner(script, b, tag -> LOG.log(System.Logger.Level.INFO, "EV script auth " + tag
                    + " ignored: the MCU has no RFID reader"));
            runner.start();
        });
    }

    /** True once a script started by {@link #runScript} has run every command. */
    public boolean scriptFinished() {
        return query(b -> runner != null && runner.finished());
    }

    /** Runs {@code action} on the emulator's thread (EV injections: plugin, rcdCurrent, ...). */
    public void onLoop(Consumer<SimulatedBoard> action) {
        query(b -> {
            action.accept(b);
            return null;
        });
    }

    /** Evaluates {@code f} on the emulator's thread and waits for the answer. */
    public <T> T query(Function<SimulatedBoard, T> f) {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.submit(() -> {
            try {
                result.complete(f.apply(board));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the emulator loop did not answer", e);
        }
    }

    /** In the safe state: never commanded since power-up, or dropped there by the keepalive watchdog. */
    public boolean inSafeState() {
        return safe;
    }

    /** Times the keepalive watchdog dropped to the safe state. */
    public long safeStateEntries() {
        return safeStateEntries;
    }

    /** Valid commands received. */
    public long commands() {
        return commands;
    }

    public long nacksSent() {
        return nacksSent;
    }

    public boolean powerAllowed() {
        return powerAllowed;
    }

    /** The pilot as last commanded: {@link Proto#PILOT_X1}, {@link Proto#PILOT_PWM} or {@link Proto#PILOT_F}. */
    public int pilotMode() {
        return pilotMode;
    }

    public double pilotDuty() {
        return pilotDuty;
    }

    public double overCurrentLimitA() {
        return overCurrentLimitA;
    }

    /** Line-noise injection for tests and the HIL bench: writes raw bytes to the UART between frames. */
    public void injectRawBytes(byte[] bytes) {
        query(b -> {
            try {
                link.write(bytes);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return null;
        });
    }

    public FrameDecoder decoder() {
        return decoder;
    }

    /** Installs the {@link FrameTap} (null removes it). */
    public void tap(FrameTap tap) {
        this.tap = tap;
    }

    public int keepaliveTimeoutMs() {
        return keepaliveTimeoutMs;
    }

    @Override
    public void close() {
        running = false;
        try {
            reader.join(500);
            loopThread.join(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        board.close();
        link.close();
    }

    // ---- firmware ----

    private long now() {
        return loop.time().monotonicMs();
    }

    private void watchdog() {
        if (!safe && now() - lastCommandMs > keepaliveTimeoutMs) {
            enterSafeState();
        }
        loop.schedule(Math.max(10, keepaliveTimeoutMs / 10), this::watchdog);
    }

    private void enterSafeState() {
        safe = true;
        safeStateEntries++;
        powerAllowed = false;
        board.allowPower(false, PowerReason.POWER_OFF);
        board.pilotX1();
        pilotMode = Proto.PILOT_X1;
        pilotDuty = 100;
        send(Proto.EVT_SAFE_STATE, (byte) Proto.SAFE_KEEPALIVE_TIMEOUT);
        LOG.log(System.Logger.Level.WARNING, "MCU emulator: keepalive lost, contactor open, X1");
    }

    private void readLoop() {
        new FrameReader(link, decoder, () -> running, new FrameReader.Handler() {
            @Override
            public void onFrame(Frame frame, long nowMs) {
                FrameTap t = tap;
                if (t != null) {
                    t.received(frame, System.nanoTime());
                }
                loop.submit(() -> onCommand(frame));
            }

            @Override
            public boolean onReadError(IOException e) {
                if (running) {
                    LOG.log(System.Logger.Level.WARNING, "MCU emulator: " + e.getMessage());
                }
                return false;
            }
        }).run();
    }

    private void onCommand(Frame f) {
        int expected = Proto.commandLength(f.type());
        if (expected < 0) {
            nack(f, Proto.NACK_UNKNOWN_TYPE);
            return;
        }
        if (f.dataLength() != expected) {
            nack(f, Proto.NACK_BAD_LENGTH);
            return;
        }
        commands++;
        lastCommandMs = now();
        safe = false;
        switch (f.type()) {
            case Proto.CMD_HELLO -> send(Proto.EVT_HELLO, Proto.hello(board.capabilities(), keepaliveTimeoutMs));
            case Proto.CMD_START -> snapshot();
            case Proto.CMD_KEEPALIVE -> send(Proto.EVT_ACK, (byte) f.seq());
            case Proto.CMD_PILOT -> {
                int mode = f.u8(0);
                double duty = f.u16(1) / 100.0;
                if (mode > Proto.PILOT_F || duty > 100) {
                    nack(f, Proto.NACK_BAD_VALUE);
                    return;
                }
                pilotMode = mode;
                pilotDuty = duty;
                switch (mode) {
                    case Proto.PILOT_PWM -> board.pilotPwm(duty);
                    case Proto.PILOT_F -> board.pilotF();
                    default -> board.pilotX1();
                }
            }
            case Proto.CMD_ALLOW_POWER -> {
                powerAllowed = f.u8(0) != 0;
                board.allowPower(powerAllowed, powerAllowed ? PowerReason.FULL_POWER_CHARGING : PowerReason.POWER_OFF);
            }
            case Proto.CMD_PHASES -> board.switchPhases(f.u8(0));
            case Proto.CMD_OC_LIMIT -> {
                overCurrentLimitA = f.u16(0) / 10.0;
                board.setOverCurrentLimit(overCurrentLimitA);
            }
            case Proto.CMD_LOCK -> board.lockConnector(f.u8(0) != 0);
            case Proto.CMD_RCD_SELF_TEST -> board.rcdSelfTest();
            case Proto.CMD_RCD_RESET -> board.rcdReset();
            default -> nack(f, Proto.NACK_UNKNOWN_TYPE);
        }
    }

    private boolean reporting;

    /** START: report the state as it is now, then every change. */
    private void snapshot() {
        reporting = true;
        send(Proto.EVT_CP, (byte) Proto.cpCode(board.cpState()));
        if (board.capabilities().connectorType() == ConnectorType.SOCKET) {
            Ampacity a = board.ev().plugged() ? Ampacity.fromOhms(board.ppOhms()) : Ampacity.NONE;
            send(Proto.EVT_PP, (byte) Proto.ppCode(a));
        }
        send(Proto.EVT_RELAY, (byte) (board.contactorClosed() ? 1 : 0));
        if (board.capabilities().hasLock()) {
            send(Proto.EVT_LOCK, (byte) (board.locked() ? 1 : 0));
        }
        if (board.rcdTripped()) {
            send(Proto.EVT_RCD_TRIP, rcd(RcdFault.DC, board.residualCurrentMa()));
        }
    }

    private static byte[] rcd(RcdFault fault, double mA) {
        int v = (int) Math.round(Math.min(6553.5, mA) * 10);
        return new byte[]{(byte) (fault == RcdFault.AC ? 1 : 0), (byte) (v >> 8), (byte) v};
    }

    private void onBoardEvent(BoardEvent e) {
        if (!reporting) {
            return;
        }
        if (e instanceof BoardEvent.CpChanged c) {
            send(Proto.EVT_CP, (byte) Proto.cpCode(c.state()));
        } else if (e instanceof BoardEvent.RelayFeedback r) {
            send(Proto.EVT_RELAY, (byte) (r.closed() ? 1 : 0));
        } else if (e instanceof BoardEvent.DiodeFault) {
            send(Proto.EVT_DIODE_FAULT);
        } else if (e instanceof BoardEvent.PpAmpacity p) {
            send(Proto.EVT_PP, (byte) Proto.ppCode(p.ampacity()));
        } else if (e instanceof BoardEvent.RcdTripped t) {
            send(Proto.EVT_RCD_TRIP, rcd(t.fault(), t.residualCurrentMa()));
        } else if (e instanceof BoardEvent.RcdSelfTestResult r) {
            send(Proto.EVT_RCD_SELF_TEST, (byte) (r.passed() ? 1 : 0));
        } else if (e instanceof BoardEvent.LockFeedback l) {
            send(Proto.EVT_LOCK, (byte) (l.locked() ? 1 : 0));
        } else if (e instanceof BoardEvent.PowermeterReading m) {
            send(Proto.EVT_TELEMETRY, Proto.telemetry(m.values()));
        } else if (e instanceof BoardEvent.PowermeterError) {
            send(Proto.EVT_METER_ERROR);
        }
    }

    private void nack(Frame f, int reason) {
        nacksSent++;
        send(Proto.EVT_NACK, (byte) f.type(), (byte) reason);
    }

    private void send(int type, byte... data) {
        byte[] bytes = Frame.of(type, seq, data).encode();
        seq = (seq + 1) & 0xFF;
        FrameTap t = tap;
        if (t != null) {
            t.sending(type, data, System.nanoTime());
        }
        try {
            link.write(bytes);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "MCU emulator: " + e.getMessage());
        }
    }
}
