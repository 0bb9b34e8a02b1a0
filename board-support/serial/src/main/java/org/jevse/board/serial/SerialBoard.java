package org.jevse.board.serial;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jevse.board.port.BoardEvent;
import org.jevse.board.port.BoardEventListener;
import org.jevse.board.port.BoardSupport;
import org.jevse.board.port.CpState;
import org.jevse.board.port.HardwareCapabilities;
import org.jevse.board.port.PowerReason;
import org.jevse.board.port.RcdFault;

/**
 * The Linux side of a serial safety MCU (docs/serial-board-protocol.md). The MCU generates the pilot, drives the
 * contactor, watches the RCD and measures; this class turns the port's commands into frames and the MCU's event
 * frames into {@link BoardEvent}s, which it delivers from its reader thread.
 *
 * <p>It sends a KEEPALIVE every {@code keepaliveIntervalMs}; the MCU drops to its safe state (contactor open, X1)
 * on its own when they stop. Once {@link #feedWatchdog()} has been called, keepalives are only sent while it keeps
 * being called (at least every half MCU timeout): the runtime calls it from the charger's loop, so a hung charger
 * loop, not only a dead process, lets the MCU fall back to its safe state. When the MCU stops answering for {@code mcuSilenceMs}, the link is reported to the
 * core as CP state E (a fault that stops any session) and a fresh snapshot is asked for when frames come back.
 */
public final class SerialBoard implements BoardSupport {

    private static final System.Logger LOG = System.getLogger(SerialBoard.class.getName());

    /**
     * @param keepaliveIntervalMs time between keepalives; must be well below the MCU's keepalive timeout
     * @param helloTimeoutMs      how long {@link #open} waits for the MCU's HELLO reply
     * @param mcuSilenceMs        no frame from the MCU for this long means the link is lost
     */
    public record Options(int keepaliveIntervalMs, int helloTimeoutMs, int mcuSilenceMs) {
        public static final Options DEFAULT = new Options(200, 2000, 1500);

        public Options {
            if (keepaliveIntervalMs < 10 || helloTimeoutMs < 10 || mcuSilenceMs <= keepaliveIntervalMs) {
                throw new IllegalArgumentException("bad serial board timing " + keepaliveIntervalMs + "/"
                        + helloTimeoutMs + "/" + mcuSilenceMs);
            }
        }
    }

    private final SerialLink link;
    private final Options options;
    private final FrameDecoder decoder = new FrameDecoder(50);
    private final Thread reader;
    private final Thread keepalive;
    private final CompletableFuture<Frame> hello = new CompletableFuture<>();
    private HardwareCapabilities capabilities;
    private int mcuKeepaliveTimeoutMs;

    private volatile BoardEventListener listener = e -> { };
    private volatile boolean running = true;
    private volatile boolean started;
    private volatile long lastRxMs;
    private volatile boolean linkLost;
    private int seq;
    private final Object ackLock = new Object();
    /** The sequence number of the last command the MCU acknowledged (EVT_ACK), or -1. */
    private int ackedSeq = -1;
    private Boolean lastRelay;

    private volatile long nacks;
    private volatile long badEvents;
    private volatile long safeStates;
    private volatile long linkLosses;
    private volatile long lastFeedMs = Long.MIN_VALUE;

    private SerialBoard(SerialLink link, Options options) {
        this.link = Objects.requireNonNull(link, "link");
        this.options = Objects.requireNonNull(options, "options");
        this.reader = new Thread(this::readLoop, "serial-board-rx " + link.name());
        this.keepalive = new Thread(this::keepaliveLoop, "serial-board-keepalive " + link.name());
        reader.setDaemon(true);
        keepalive.setDaemon(true);
    }

    /**
     * Opens the protocol on {@code link}: HELLO, and waits for the MCU to describe itself. Keepalives start at once.
     *
     * @throws IOException when the MCU does not answer within {@link Options#helloTimeoutMs()}, or speaks another
     *                     protocol version; the link is closed then
     */
    public static SerialBoard open(SerialLink link, Options options) throws IOException {
        SerialBoard b = new SerialBoard(link, options);
        b.lastRxMs = now();
        b.reader.start();
        try {
            link.discardInput();
            b.send(Proto.CMD_HELLO);
            Frame f = b.hello.get(options.helloTimeoutMs(), TimeUnit.MILLISECONDS);
            if (f.u8(0) != Proto.VERSION) {
                throw new IOException(link.name() + ": MCU speaks protocol version " + f.u8(0) + ", expected "
                        + Proto.VERSION);
            }
            b.capabilities = Proto.capabilities(f);
            b.mcuKeepaliveTimeoutMs = f.u16(1);
            if (b.mcuKeepaliveTimeoutMs <= options.keepaliveIntervalMs()) {
                throw new IOException(link.name() + ": MCU keepalive timeout " + b.mcuKeepaliveTimeoutMs
                        + " ms is not above the keepalive interval " + options.keepaliveIntervalMs() + " ms");
            }
        } catch (TimeoutException e) {
            b.close();
            throw new IOException(link.name() + ": no HELLO reply from the MCU within " + options.helloTimeoutMs()
                    + " ms", e);
        } catch (IOException | RuntimeException e) {
            b.close();
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            b.close();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            b.close();
            throw new IOException(e.getCause());
        }
        b.keepalive.start();
        return b;
    }

    private static long now() {
        return System.nanoTime() / 1_000_000L;
    }

    @Override
    public HardwareCapabilities capabilities() {
        return capabilities;
    }

    /**
     * Proof of life from the charger's loop. After the first call, a keepalive goes out only while the last call is
     * less than half the MCU's keepalive timeout old.
     */
    public void feedWatchdog() {
        lastFeedMs = now();
    }

    /** The keepalive timeout the MCU announced. */
    public int mcuKeepaliveTimeoutMs() {
        return mcuKeepaliveTimeoutMs;
    }

    @Override
    public void setListener(BoardEventListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Asks the MCU for a snapshot (CP, PP, relay, lock); events are reported from then on. */
    @Override
    public void start() {
        started = true;
        send(Proto.CMD_START);
    }

    @Override
    public void pilotPwm(double dutyPercent) {
        BoardSupport.requireDuty(dutyPercent);
        send(Proto.CMD_PILOT, Proto.pilot(Proto.PILOT_PWM, dutyPercent));
    }

    @Override
    public void pilotX1() {
        send(Proto.CMD_PILOT, Proto.pilot(Proto.PILOT_X1, 100));
    }

    @Override
    public void pilotF() {
        send(Proto.CMD_PILOT, Proto.pilot(Proto.PILOT_F, 0));
    }

    @Override
    public void allowPower(boolean on, PowerReason reason) {
        send(Proto.CMD_ALLOW_POWER, (byte) (on ? 1 : 0));
    }

    @Override
    public void switchPhases(int phases) {
        send(Proto.CMD_PHASES, (byte) phases);
    }

    @Override
    public void setOverCurrentLimit(double amps) {
        send(Proto.CMD_OC_LIMIT, Proto.u16((int) Math.round(Math.max(0, Math.min(6553.5, amps)) * 10)));
    }

    @Override
    public void lockConnector(boolean locked) {
        send(Proto.CMD_LOCK, (byte) (locked ? 1 : 0));
    }

    @Override
    public void rcdSelfTest() {
        send(Proto.CMD_RCD_SELF_TEST);
    }

    @Override
    public void rcdReset() {
        send(Proto.CMD_RCD_RESET);
    }

    /**
     * Waits (bounded) until the MCU has read every command sent so far, then stops the keepalives and closes the
     * link: the MCU goes to its safe state after its timeout.
     */
    @Override
    public void close() {
        // The last commands (contactor open, X1) must reach the MCU before the port closes: the acknowledgement of
        // a keepalive sent after them says it read them (the link keeps the order). Closing at once can lose them:
        // a pty's master may drop what its reader has not read yet when the slave side closes. The caller may be
        // an interrupted thread (the shutdown hook interrupts the loop's), so the flag is set aside for the wait.
        boolean interrupted = Thread.interrupted();
        try {
            if (running && started) {
                awaitAck(send(Proto.CMD_KEEPALIVE), CLOSE_ACK_WAIT_MS);
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        running = false;
        keepalive.interrupt();
        // The reader may be waiting for the listener to take an event (a runtime that bounds its queue).
        reader.interrupt();
        try {
            reader.join(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        link.close();
    }

    public FrameDecoder decoder() {
        return decoder;
    }

    /** NACKs received: the MCU refused a command. */
    public long nacks() {
        return nacks;
    }

    /** Frames with a valid CRC but an unknown type or a wrong length. */
    public long badEvents() {
        return badEvents;
    }

    /** SAFE_STATE events: times the MCU dropped to its safe state on its own. */
    public long safeStates() {
        return safeStates;
    }

    public long linkLosses() {
        return linkLosses;
    }

    // ---- internals ----

    /** How long {@link #close} waits for the MCU to acknowledge the last commands. */
    static final long CLOSE_ACK_WAIT_MS = 500;

    private void awaitAck(int sentSeq, long timeoutMs) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        synchronized (ackLock) {
            long left;
            while (ackedSeq != sentSeq && (left = deadline - System.nanoTime()) > 0) {
                try {
                    ackLock.wait(Math.max(1, left / 1_000_000L));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Sends one command frame; returns its sequence number. */
    private int send(int type, byte... data) {
        byte[] bytes;
        int sent;
        synchronized (this) {
            sent = seq;
            bytes = Frame.of(type, seq, data).encode();
            seq = (seq + 1) & 0xFF;
            try {
                link.write(bytes);
            } catch (IOException e) {
                // The MCU's keepalive timeout covers a dead link: it opens the contactor on its own.
                LOG.log(System.Logger.Level.WARNING, "serial board: " + e.getMessage());
            }
        }
        return sent;
    }

    private void keepaliveLoop() {
        while (running) {
            long fed = lastFeedMs;
            if (fed == Long.MIN_VALUE || now() - fed < mcuKeepaliveTimeoutMs / 2) {
                send(Proto.CMD_KEEPALIVE);
            }
            try {
                Thread.sleep(options.keepaliveIntervalMs());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void readLoop() {
        new FrameReader(link, decoder, () -> running, new FrameReader.Handler() {
            @Override
            public void onFrame(Frame frame, long nowMs) {
                lastRxMs = nowMs;
                try {
                    handle(frame);
                } catch (RuntimeException e) {
                    badEvents++;
                    LOG.log(System.Logger.Level.WARNING, "serial board: bad event " + frame + ": " + e);
                }
            }

            @Override
            public void afterRead(long nowMs) {
                checkSilence(nowMs);
            }

            @Override
            public boolean onReadError(IOException e) {
                if (running) {
                    LOG.log(System.Logger.Level.WARNING, "serial board: " + e.getMessage());
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException ie) {
                        return false;
                    }
                }
                return true;
            }
        }).run();
    }

    private void checkSilence(long now) {
        if (started && !linkLost && now - lastRxMs > options.mcuSilenceMs()) {
            linkLost = true;
            linkLosses++;
            LOG.log(System.Logger.Level.ERROR, "serial board: MCU silent for " + (now - lastRxMs) + " ms");
            emit(new BoardEvent.CpChanged(CpState.E));
        }
    }

    private void handle(Frame f) {
        int expected = Proto.eventLength(f.type());
        if (expected < 0 || f.dataLength() != expected) {
            badEvents++;
            return;
        }
        if (f.type() == Proto.EVT_HELLO) {
            hello.complete(f);
            return;
        }
        if (linkLost) {
            linkLost = false;
            lastRelay = null;
            send(Proto.CMD_START); // the MCU is back: ask for the state as it is now
        }
        switch (f.type()) {
            case Proto.EVT_ACK -> {
                synchronized (ackLock) {
                    ackedSeq = f.u8(0);
                    ackLock.notifyAll();
                }
            }
            case Proto.EVT_NACK -> {
                nacks++;
                LOG.log(System.Logger.Level.WARNING, String.format("serial board: MCU refused command 0x%02X (reason %d)",
                        f.u8(0), f.u8(1)));
            }
            case Proto.EVT_CP -> emit(new BoardEvent.CpChanged(Proto.cpState(f.u8(0))));
            case Proto.EVT_RELAY -> {
                boolean closed = f.u8(0) != 0;
                if (lastRelay == null ? closed : lastRelay != closed) { // exactly one PowerOn/PowerOff per transition
                    emit(new BoardEvent.RelayFeedback(closed));
                }
                lastRelay = closed;
            }
            case Proto.EVT_DIODE_FAULT -> emit(new BoardEvent.DiodeFault());
            case Proto.EVT_PP -> emit(new BoardEvent.PpAmpacity(Proto.ampacity(f.u8(0))));
            case Proto.EVT_RCD_TRIP -> emit(new BoardEvent.RcdTripped(f.u8(0) == 1 ? RcdFault.AC : RcdFault.DC,
                    f.u16(1) / 10.0));
            case Proto.EVT_RCD_SELF_TEST -> emit(new BoardEvent.RcdSelfTestResult(f.u8(0) != 0));
            case Proto.EVT_LOCK -> emit(new BoardEvent.LockFeedback(f.u8(0) != 0));
            case Proto.EVT_TELEMETRY -> emit(new BoardEvent.PowermeterReading(Proto.telemetry(f)));
            case Proto.EVT_METER_ERROR -> emit(new BoardEvent.PowermeterError("board meter error (MCU)"));
            case Proto.EVT_SAFE_STATE -> {
                safeStates++;
                LOG.log(System.Logger.Level.ERROR, "serial board: MCU entered its safe state (reason " + f.u8(0) + ")");
            }
            default -> badEvents++;
        }
    }

    private void emit(BoardEvent e) {
        if (started) {
            listener.onBoardEvent(e);
        }
    }
}
