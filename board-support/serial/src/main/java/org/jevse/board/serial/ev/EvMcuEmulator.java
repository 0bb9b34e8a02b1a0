package org.jevse.board.serial.ev;

import java.io.IOException;
import java.util.Objects;
import org.jevse.board.ev.EvCapabilities;
import org.jevse.board.ev.EvLoad;
import org.jevse.board.ev.EvMeasurement;
import org.jevse.board.port.PerPhase;
import org.jevse.board.port.PilotMode;
import org.jevse.board.serial.Frame;
import org.jevse.board.serial.FrameDecoder;
import org.jevse.board.serial.FrameReader;
import org.jevse.board.serial.SerialLink;

/**
 * The reference EV-side MCU, in Java: the firmware's side of docs/serial-board-protocol.md, "The EV side". It
 * switches the EV's CP load, diode short, PE short, PP resistor and load current as the host commands, and
 * measures the pilot and the power the charger side drives ({@link #charger(ChargerDrive)}), reporting every
 * change after the host's START. The pilot levels are those of IEC 61851-1 Table A.4 (12, 9, 6, 3 V).
 */
public final class EvMcuEmulator implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(EvMcuEmulator.class.getName());

    /** What the charger drives onto the line: the pilot (mode and duty) and power on its output. */
    public record ChargerDrive(PilotMode mode, double dutyPercent, boolean power) {
        public static final ChargerDrive OFF = new ChargerDrive(PilotMode.X1, 100, false);
    }

    /** What the EV puts on the line, for the charger side's model of the pilot line. */
    public record EvSide(EvLoad load, boolean diodeShort, boolean peShort, double ppOhms, double loadA, int phases) {
    }

    private final SerialLink link;
    private final EvCapabilities capabilities;
    private final FrameDecoder decoder = new FrameDecoder(50);
    private final Thread reader;
    private volatile boolean running = true;
    private int seq;
    private boolean started;
    private EvSide ev = new EvSide(EvLoad.A, false, false, Double.POSITIVE_INFINITY, 0, 1);
    private ChargerDrive charger = ChargerDrive.OFF;
    private EvMeasurement.Cp lastCp;
    private Boolean lastPower;
    private PerPhase lastCurrent;
    private volatile java.util.function.Consumer<EvSide> evChanged = e -> { };

    public EvMcuEmulator(SerialLink link, EvCapabilities capabilities) {
        this.link = Objects.requireNonNull(link, "link");
        this.capabilities = Objects.requireNonNull(capabilities, "capabilities");
        this.reader = new Thread(() -> new FrameReader(link, decoder, () -> running, new FrameReader.Handler() {
            @Override
            public void onFrame(Frame frame, long nowMs) {
                handle(frame);
            }

            @Override
            public boolean onReadError(IOException e) {
                return false;
            }
        }).run(), "ev-mcu-emulator-rx " + link.name());
        reader.setDaemon(true);
    }

    public EvMcuEmulator start() {
        reader.start();
        return this;
    }

    /** The charger side's drive changed (the emulated pilot line calls this). */
    public synchronized void charger(ChargerDrive drive) {
        this.charger = Objects.requireNonNull(drive, "drive");
        report();
    }

    /** Called with what the EV puts on the line after each change (the emulated pilot line listens). */
    public void onEvChanged(java.util.function.Consumer<EvSide> listener) {
        this.evChanged = Objects.requireNonNull(listener, "listener");
    }

    /** What the EV puts on the line now. */
    public synchronized EvSide ev() {
        return ev;
    }

    /** The pilot as the EV's ADC sees it, from what both sides drive. */
    static EvMeasurement.Cp measure(EvSide ev, ChargerDrive c) {
        if (ev.peShort()) {
            return new EvMeasurement.Cp(0, 0, 0, 0, 0); // CP shorted to PE: state E
        }
        double level = switch (ev.load()) {
            case A -> 12;
            case B -> 9;
            case C -> 6;
            case D -> 3;
        };
        // A shorted diode lets the negative half through the EV's resistors: it no longer reaches -12 V.
        double low = ev.diodeShort() ? -level : -12;
        return switch (c.mode()) {
            case X1 -> new EvMeasurement.Cp(0, level, Double.NaN, 0, 100);
            case F -> new EvMeasurement.Cp(0, Double.NaN, -12, 0, 0);
            case PWM -> new EvMeasurement.Cp(0, level, low, 1000, c.dutyPercent());
        };
    }

    private synchronized void handle(Frame f) {
        int expected = EvProto.commandLength(f.type());
        if (expected < 0) {
            send(EvProto.EVT_NACK, (byte) f.type(), (byte) EvProto.NACK_UNKNOWN_TYPE);
            return;
        }
        if (f.dataLength() != expected) {
            send(EvProto.EVT_NACK, (byte) f.type(), (byte) EvProto.NACK_BAD_LENGTH);
            return;
        }
        try {
            apply(f);
        } catch (IllegalArgumentException e) {
            send(EvProto.EVT_NACK, (byte) f.type(), (byte) EvProto.NACK_BAD_VALUE);
        }
    }

    private void apply(Frame f) {
        switch (f.type()) {
            case EvProto.CMD_HELLO -> send(EvProto.EVT_HELLO, EvProto.hello(capabilities));
            case EvProto.CMD_START -> {
                started = true;
                lastCp = null;
                lastPower = null;
                lastCurrent = null;
                report();
            }
            case EvProto.CMD_CP_LOAD -> set(new EvSide(EvProto.load(f.u8(0)), ev.diodeShort(), ev.peShort(),
                    ev.ppOhms(), ev.loadA(), ev.phases()), f);
            case EvProto.CMD_DIODE_SHORT -> set(new EvSide(ev.load(), flag(f), ev.peShort(), ev.ppOhms(), ev.loadA(),
                    ev.phases()), f);
            case EvProto.CMD_PE_SHORT -> set(new EvSide(ev.load(), ev.diodeShort(), flag(f), ev.ppOhms(), ev.loadA(),
                    ev.phases()), f);
            case EvProto.CMD_PP -> set(new EvSide(ev.load(), ev.diodeShort(), ev.peShort(), EvProto.ppOhms(f),
                    ev.loadA(), ev.phases()), f);
            case EvProto.CMD_LOAD -> {
                int phases = f.u8(2);
                if (phases < 1 || phases > 3) {
                    throw new IllegalArgumentException("phases " + phases);
                }
                set(new EvSide(ev.load(), ev.diodeShort(), ev.peShort(), ev.ppOhms(), f.u16(0) / 10.0, phases), f);
            }
            default -> throw new IllegalArgumentException("type " + f.type());
        }
    }

    private static boolean flag(Frame f) {
        if (f.u8(0) > 1) {
            throw new IllegalArgumentException("flag " + f.u8(0));
        }
        return f.u8(0) == 1;
    }

    private void set(EvSide next, Frame f) {
        ev = next;
        send(EvProto.EVT_ACK, (byte) f.seq());
        evChanged.accept(next);
        report();
    }

    /** Sends what changed since the last report (everything after START). */
    private void report() {
        if (!started) {
            return;
        }
        EvMeasurement.Cp cp = measure(ev, charger);
        if (!cp.equals(lastCp)) {
            lastCp = cp;
            send(EvProto.EVT_CP, EvProto.cp(cp));
        }
        boolean power = charger.power();
        if (lastPower == null || lastPower != power) {
            lastPower = power;
            send(EvProto.EVT_POWER, (byte) (power ? 1 : 0));
        }
        PerPhase current = power && ev.load().requestsPower() && !ev.peShort()
                ? PerPhase.of(ev.loadA(), ev.phases()) : PerPhase.ZERO;
        if (!current.equals(lastCurrent)) {
            lastCurrent = current;
            send(EvProto.EVT_CURRENT, EvProto.current(current));
        }
    }

    private void send(int type, byte... data) {
        try {
            link.write(Frame.of(type, seq++ & 0xFF, data).encode());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "EV MCU emulator: write failed: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        link.close();
        reader.interrupt();
    }
}
