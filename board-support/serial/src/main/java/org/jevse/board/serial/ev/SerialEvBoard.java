package org.jevse.board.serial.ev;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jevse.board.ev.EvBoard;
import org.jevse.board.ev.EvCapabilities;
import org.jevse.board.ev.EvLoad;
import org.jevse.board.ev.EvMeasurement;
import org.jevse.board.ev.EvMeasurementListener;
import org.jevse.board.serial.Frame;
import org.jevse.board.serial.FrameDecoder;
import org.jevse.board.serial.FrameReader;
import org.jevse.board.serial.SerialLink;
import org.jevse.board.time.TimeSource;

/**
 * The bench's EV side on an EV-side MCU over a UART (docs/serial-board-protocol.md, "The EV side"). Commands are
 * frames sent at once; the MCU's measurements are stamped with the bench's monotonic clock when their frame is
 * decoded, on the reader thread. A frame that is malformed or of an unknown type is counted and dropped: nothing
 * the line carries can exhaust memory (the decoder holds at most one frame) or stop the reader.
 */
public final class SerialEvBoard implements EvBoard {

    private static final System.Logger LOG = System.getLogger(SerialEvBoard.class.getName());

    private final SerialLink link;
    private final TimeSource time;
    private final FrameDecoder decoder = new FrameDecoder(50);
    private final CompletableFuture<Frame> hello = new CompletableFuture<>();
    private final Thread reader;
    private volatile boolean running = true;
    private volatile boolean started;
    private volatile EvMeasurementListener listener = m -> { };
    private EvCapabilities capabilities;
    private int seq;
    private volatile long badEvents;
    private volatile long nacks;

    private SerialEvBoard(SerialLink link, TimeSource time) {
        this.link = Objects.requireNonNull(link, "link");
        this.time = Objects.requireNonNull(time, "time");
        this.reader = new Thread(this::readLoop, "serial-ev-board-rx " + link.name());
        reader.setDaemon(true);
    }

    /**
     * Opens the EV-side MCU on {@code link}: HELLO, and its answer within {@code helloTimeoutMs}.
     *
     * @throws IOException when the MCU does not answer, answers as a charger-side MCU, or speaks another version;
     *                     the link is closed then
     */
    public static SerialEvBoard open(SerialLink link, TimeSource time, int helloTimeoutMs) throws IOException {
        SerialEvBoard board = new SerialEvBoard(link, time);
        board.reader.start();
        try {
            board.send(EvProto.CMD_HELLO);
            Frame h = board.hello.get(helloTimeoutMs, TimeUnit.MILLISECONDS);
            if (h.u8(1) != EvProto.ROLE_EV) {
                throw new IOException(link.name() + ": the MCU is not an EV-side MCU (HELLO role 0x"
                        + Integer.toHexString(h.u8(1)) + ", expected 0x45 'E')");
            }
            if (h.u8(0) != EvProto.VERSION) {
                throw new IOException(link.name() + ": EV-side MCU speaks protocol version " + h.u8(0)
                        + ", this host speaks " + EvProto.VERSION);
            }
            board.capabilities = EvProto.capabilities(h);
            return board;
        } catch (TimeoutException e) {
            board.close();
            throw new IOException(link.name() + ": no HELLO from the EV-side MCU within " + helloTimeoutMs + " ms");
        } catch (IOException e) {
            board.close();
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            board.close();
            throw new IOException(link.name() + ": interrupted waiting for HELLO");
        } catch (ExecutionException e) {
            board.close();
            throw new IOException(link.name() + ": " + e.getCause().getMessage());
        }
    }

    @Override
    public EvCapabilities capabilities() {
        return capabilities;
    }

    @Override
    public void setListener(EvMeasurementListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Asks the MCU for a snapshot (CP, power, current); every change is reported from then on. */
    @Override
    public void start() {
        started = true;
        send(EvProto.CMD_START);
    }

    @Override
    public void cpLoad(EvLoad load) {
        send(EvProto.CMD_CP_LOAD, (byte) EvProto.loadCode(load));
    }

    @Override
    public void diodeShort(boolean shorted) {
        send(EvProto.CMD_DIODE_SHORT, (byte) (shorted ? 1 : 0));
    }

    @Override
    public void peShort(boolean shorted) {
        send(EvProto.CMD_PE_SHORT, (byte) (shorted ? 1 : 0));
    }

    @Override
    public void ppResistor(double ohms) {
        send(EvProto.CMD_PP, EvProto.pp(ohms));
    }

    @Override
    public void loadCurrent(double amps, int phases) {
        send(EvProto.CMD_LOAD, EvProto.loadCurrent(amps, phases));
    }

    /** Malformed or unknown frames from the MCU, dropped. */
    public long badEvents() {
        return badEvents;
    }

    /** Commands the MCU refused (NACK). */
    public long nacks() {
        return nacks;
    }

    @Override
    public void close() {
        running = false;
        started = false;
        link.close();
        reader.interrupt();
    }

    private synchronized void send(int type, byte... data) {
        try {
            link.write(Frame.of(type, seq++ & 0xFF, data).encode());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "serial EV board: write failed: " + e.getMessage());
        }
    }

    private void readLoop() {
        new FrameReader(link, decoder, () -> running, new FrameReader.Handler() {
            @Override
            public void onFrame(Frame frame, long nowMs) {
                handle(frame, time.monotonicMs());
            }

            @Override
            public boolean onReadError(IOException e) {
                if (running) {
                    LOG.log(System.Logger.Level.WARNING, "serial EV board: " + e.getMessage());
                }
                return false;
            }
        }).run();
    }

    private void handle(Frame f, long atMs) {
        if (f.type() == EvProto.EVT_HELLO && f.dataLength() != EvProto.eventLength(f.type())) {
            // The charger side's HELLO is 12 bytes: a charger-side MCU is on this port.
            hello.completeExceptionally(new IOException("the MCU answered HELLO with " + f.dataLength()
                    + " bytes, not the EV side's " + EvProto.eventLength(f.type()) + " (a charger-side MCU?)"));
            return;
        }
        if (EvProto.eventLength(f.type()) != f.dataLength()) {
            badEvents++;
            return;
        }
        switch (f.type()) {
            case EvProto.EVT_HELLO -> hello.complete(f);
            case EvProto.EVT_ACK -> { }
            case EvProto.EVT_NACK -> {
                nacks++;
                LOG.log(System.Logger.Level.WARNING, String.format(
                        "serial EV board: MCU refused command 0x%02X (reason %d)", f.u8(0), f.u8(1)));
            }
            case EvProto.EVT_CP -> report(EvProto.cp(f, atMs));
            case EvProto.EVT_POWER -> report(new EvMeasurement.Power(atMs, f.u8(0) != 0));
            case EvProto.EVT_CURRENT -> report(new EvMeasurement.Current(atMs, EvProto.current(f)));
            default -> badEvents++;
        }
    }

    private void report(EvMeasurement m) {
        if (started) {
            listener.onMeasurement(m);
        }
    }
}
