package org.jevse.board.serial.ev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jevse.board.ev.EvCapabilities;
import org.jevse.board.ev.EvLoad;
import org.jevse.board.ev.EvMeasurement;
import org.jevse.board.port.PerPhase;
import org.jevse.board.port.PilotMode;
import org.jevse.board.serial.Await;
import org.jevse.board.serial.Frame;
import org.jevse.board.serial.JSerialCommLink;
import org.jevse.board.serial.McuEmulator;
import org.jevse.board.serial.SocatPair;
import org.jevse.board.time.SystemTimeSource;
import org.jevse.config.ConfigLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The EV side of the serial board protocol over real pseudo-terminals made by socat, against the reference EV MCU. */
class SerialEvBoardPtyTest {

    @TempDir
    Path dir;
    SocatPair pty;
    AutoCloseable mcu;
    SerialEvBoard bench;
    final List<EvMeasurement> seen = new CopyOnWriteArrayList<>();

    private EvMcuEmulator evMcu(EvCapabilities caps) throws Exception {
        pty = SocatPair.create(dir);
        EvMcuEmulator ev = new EvMcuEmulator(JSerialCommLink.open(pty.b.toString(), 115200), caps).start();
        mcu = ev;
        return ev;
    }

    @AfterEach
    void tearDown() throws Exception {
        if (bench != null) {
            bench.close();
        }
        if (mcu != null) {
            mcu.close();
        }
        if (pty != null) {
            pty.close();
        }
    }

    private <T extends EvMeasurement> T last(Class<T> type) {
        T found = null;
        for (EvMeasurement m : seen) {
            if (type.isInstance(m)) {
                found = type.cast(m);
            }
        }
        return found;
    }

    @Test
    void theBenchDrivesTheEvAndMeasuresWhatTheChargerDoes() throws Exception {
        EvMcuEmulator ev = evMcu(EvCapabilities.full(32));
        bench = SerialEvBoard.open(JSerialCommLink.open(pty.a.toString(), 115200), new SystemTimeSource(), 2000);
        assertEquals(EvCapabilities.full(32), bench.capabilities(), "capabilities from HELLO");
        bench.setListener(seen::add);
        bench.start();
        Await.until("the snapshot: X1 at 12 V", () -> last(EvMeasurement.Cp.class) != null
                && last(EvMeasurement.Cp.class).highV() == 12 && last(EvMeasurement.Power.class) != null);

        bench.cpLoad(EvLoad.B);
        bench.ppResistor(220);
        bench.loadCurrent(16, 3);
        Await.until("the EV MCU switched B, 220 Ohm and 16 A on 3 phases",
                () -> ev.ev().equals(new EvMcuEmulator.EvSide(EvLoad.B, false, false, 220, 16, 3)), () -> "" + ev.ev());
        ev.charger(new EvMcuEmulator.ChargerDrive(PilotMode.PWM, 26.67, false));
        Await.until("the PWM measured", () -> last(EvMeasurement.Cp.class).pwm(), () -> "" + seen);
        EvMeasurement.Cp cp = last(EvMeasurement.Cp.class);
        assertEquals(9.0, cp.highV());
        assertEquals(-12.0, cp.lowV());
        assertEquals(1000.0, cp.frequencyHz());
        assertEquals(26.67, cp.dutyPercent(), 0.005);

        bench.cpLoad(EvLoad.C);
        Await.until("6 V in C", () -> last(EvMeasurement.Cp.class).highV() == 6);
        ev.charger(new EvMcuEmulator.ChargerDrive(PilotMode.PWM, 26.67, true));
        Await.until("power and 16 A per phase", () -> last(EvMeasurement.Power.class).present()
                && new PerPhase(16, 16, 16).equals(last(EvMeasurement.Current.class).phasesA()), () -> "" + seen);

        bench.diodeShort(true);
        Await.until("the low half no longer reaches -12 V", () -> last(EvMeasurement.Cp.class).lowV() == -6);
        bench.peShort(true);
        Await.until("CP at 0 V (E)", () -> last(EvMeasurement.Cp.class).highV() == 0
                && !last(EvMeasurement.Cp.class).pwm());
        ev.charger(new EvMcuEmulator.ChargerDrive(PilotMode.F, 0, false));
        Await.until("power off", () -> !last(EvMeasurement.Power.class).present());
        long earlier = Long.MIN_VALUE;
        for (EvMeasurement m : seen) {
            assertTrue(m.atMs() >= earlier, "bench timestamps are monotonic: " + seen);
            earlier = m.atMs();
        }
        assertEquals(0, bench.badEvents());
        assertEquals(0, bench.nacks());
    }

    @Test
    void aValueTheMcuCannotTakeIsRefusedAndGarbageOnTheLineIsDropped() throws Exception {
        evMcu(EvCapabilities.full(32));
        JSerialCommLink host = JSerialCommLink.open(pty.a.toString(), 115200);
        bench = SerialEvBoard.open(host, new SystemTimeSource(), 2000);
        bench.loadCurrent(10, 4); // four phases: bad value
        Await.until("NACK", () -> bench.nacks() == 1);
        bench.cpLoad(EvLoad.D);
        bench.start();
        bench.setListener(seen::add);
        Await.until("D measured after the refused command", () -> last(EvMeasurement.Cp.class) != null
                && last(EvMeasurement.Cp.class).highV() == 3);
    }

    @Test
    void aChargerSideMcuOnTheLineIsRefusedAtHello() throws Exception {
        pty = SocatPair.create(dir);
        mcu = new McuEmulator(JSerialCommLink.open(pty.b.toString(), 115200),
                ConfigLoader.parse("", "t").board().sim(), 230, 1000).start();
        JSerialCommLink host = JSerialCommLink.open(pty.a.toString(), 115200);
        IOException e = assertThrows(IOException.class,
                () -> SerialEvBoard.open(host, new SystemTimeSource(), 1000));
        assertTrue(e.getMessage().contains("a charger-side MCU?"), e.getMessage());
    }

    @Test
    void measurementsSurviveTheWireFormat() {
        EvMeasurement.Cp untimed = new EvMeasurement.Cp(0, 9, -12, Double.NaN, Double.NaN);
        assertEquals(untimed, EvProto.cp(Frame.of(EvProto.EVT_CP, 0, EvProto.cp(untimed)), 0));
        EvMeasurement.Cp f = new EvMeasurement.Cp(5, Double.NaN, -12, 0, 0);
        assertEquals(f, EvProto.cp(Frame.of(EvProto.EVT_CP, 0, EvProto.cp(f)), 5));
    }
}
