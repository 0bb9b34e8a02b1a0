package org.jevse.board.modbus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ghgande.j2mod.modbus.facade.ModbusSerialMaster;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.util.SerialParameters;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jevse.board.port.BoardEvent;
import org.jevse.board.serial.JSerialCommLink;
import org.jevse.board.serial.SocatPair;
import org.jevse.config.ModbusMeterModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hand-written RTU master and the meter poller over socat ptys, against raw bytes, our slave, and j2mod. */
class ModbusPtyTest {

    @TempDir
    Path dir;
    SocatPair pty;
    JSerialCommLink masterLink;

    @BeforeEach
    void setUp() throws Exception {
        pty = SocatPair.create(dir);
        masterLink = JSerialCommLink.open(pty.a.toString(), 9600);
    }

    @AfterEach
    void tearDown() {
        if (masterLink != null) {
            masterLink.close();
        }
        if (pty != null) {
            pty.close();
        }
    }

    @Test
    void byteExactAgainstTheGoldenFrames() throws Exception {
        try (JSerialCommLink meter = JSerialCommLink.open(pty.b.toString(), 9600)) {
            CompletableFuture<byte[]> seen = CompletableFuture.supplyAsync(() -> {
                try {
                    byte[] req = new byte[8];
                    int n = 0;
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (n < 8 && System.nanoTime() < deadline) {
                        byte[] b = new byte[8 - n];
                        int got = meter.read(b, 100);
                        System.arraycopy(b, 0, req, n, got);
                        n += got;
                    }
                    meter.write(ModbusRtuTest.HEX.parseHex("01 04 04 43 66 33 34 1b 38"));
                    return req;
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            int[] regs = new ModbusRtuMaster(masterLink, 5000, 0).readInputRegisters(1, 0x0000, 2);
            assertArrayEquals(ModbusRtuTest.HEX.parseHex("01 04 00 00 00 02 71 cb"), seen.get(10, TimeUnit.SECONDS));
            assertArrayEquals(new int[]{0x4366, 0x3334}, regs);
            assertEquals(230.2, ModbusRtu.floatOf(regs[0], regs[1]), 0.0001);
        }
    }

    @Test
    void theSlaveEmulatorAgreesWithJ2mod() throws Exception {
        // j2mod is the independent reference: it reads the emulator, so the emulator's framing is right too.
        masterLink.close();
        masterLink = null;
        try (ModbusSlaveEmulator slave = new ModbusSlaveEmulator(JSerialCommLink.open(pty.b.toString(), 9600), 1).start()) {
            slave.setFloat(0x0000, 230.2f);
            slave.setFloat(0x0048, 1234.5f);
            SerialParameters p = new SerialParameters();
            p.setPortName(pty.a.toString());
            p.setBaudRate(9600);
            p.setDatabits(8);
            p.setParity("None");
            p.setStopbits(1);
            p.setEncoding("rtu");
            p.setEcho(false);
            ModbusSerialMaster j2mod = new ModbusSerialMaster(p, 2000);
            j2mod.connect();
            try {
                InputRegister[] v = j2mod.readInputRegisters(1, 0x0000, 2);
                assertEquals(230.2f, ModbusRtu.floatOf(v[0].getValue(), v[1].getValue()));
                InputRegister[] e = j2mod.readInputRegisters(1, 0x0048, 2);
                assertEquals(1234.5f, ModbusRtu.floatOf(e[0].getValue(), e[1].getValue()));
            } finally {
                j2mod.disconnect();
            }
            assertArrayEquals(ModbusRtu.readRequest(1, 4, 0x0048, 2), slave.lastRequest());
        }
    }

    @Test
    void exceptionsTimeoutsAndCrcErrors() throws Exception {
        try (ModbusSlaveEmulator slave = new ModbusSlaveEmulator(JSerialCommLink.open(pty.b.toString(), 9600), 1).start()) {
            ModbusRtuMaster master = new ModbusRtuMaster(masterLink, 300, 5);
            slave.setFloat(0, 230.2f);
            int[] ok = master.readInputRegisters(1, 0, 2);
            assertEquals(230.2f, ModbusRtu.floatOf(ok[0], ok[1]));
            slave.exception(2);
            ModbusException ex = assertThrows(ModbusException.class, () -> master.readInputRegisters(1, 0, 2));
            assertEquals(ModbusException.Kind.EXCEPTION, ex.kind());
            assertEquals(2, ex.exceptionCode());
            slave.exception(0);
            slave.corruptCrc(1);
            assertEquals(ModbusException.Kind.CRC, assertThrows(ModbusException.class,
                    () -> master.readInputRegisters(1, 0, 2)).kind());
            slave.silence(1);
            assertEquals(ModbusException.Kind.TIMEOUT, assertThrows(ModbusException.class,
                    () -> master.readInputRegisters(1, 0, 2)).kind());
            int[] again = master.readInputRegisters(1, 0, 2);
            assertEquals(230.2f, ModbusRtu.floatOf(again[0], again[1]), "the master recovers after each failure");
        }
    }

    @Test
    void sdm630PollingErrorsAfterNFailuresAndOnEnergyGoingBackwards() throws Exception {
        try (ModbusSlaveEmulator slave = new ModbusSlaveEmulator(JSerialCommLink.open(pty.b.toString(), 9600), 7).start()) {
            for (int a : new int[]{0, 2, 4}) {
                slave.setFloat(a, 230.2f);
            }
            for (int a : new int[]{6, 8, 10}) {
                slave.setFloat(a, 16f);
            }
            slave.setFloat(0x0034, 11049.6f);
            slave.setFloat(0x0048, 1234.5f);
            slave.setFloat(0x0156, 9999f); // total import + export: must not be read as import
            List<BoardEvent> events = new CopyOnWriteArrayList<>();
            ModbusPowermeter meter = new ModbusPowermeter(new ModbusRtuMaster(masterLink, 300, 5), 7,
                    RegisterMap.of(ModbusMeterModel.sdm630), 1000, 3, events::add);
            meter.pollOnce();
            BoardEvent.PowermeterReading r = assertInstanceOf(BoardEvent.PowermeterReading.class, events.get(0));
            assertEquals(1_234_500, r.values().energyImportWh(), 0.1);
            assertEquals(230.2, r.values().voltageV().l3(), 1e-4);
            assertEquals(16, r.values().currentA().l2(), 1e-6);
            assertEquals(11049.6, r.values().powerW(), 1e-2);

            slave.silence(100);
            meter.pollOnce();
            meter.pollOnce();
            assertEquals(1, events.size(), "two failures of three allowed: no error yet");
            meter.pollOnce();
            assertEquals(2, events.size());
            assertInstanceOf(BoardEvent.PowermeterError.class, events.get(1));
            slave.silence(0);
            slave.corruptCrc(3);
            meter.pollOnce();
            meter.pollOnce();
            meter.pollOnce();
            assertInstanceOf(BoardEvent.PowermeterError.class, events.get(2), "CRC errors count like timeouts");
            meter.pollOnce();
            assertInstanceOf(BoardEvent.PowermeterReading.class, events.get(3), "recovers after the errors");

            slave.setFloat(0x0048, 1234.4f);
            meter.pollOnce();
            BoardEvent.PowermeterError back = assertInstanceOf(BoardEvent.PowermeterError.class, events.get(4));
            assertTrue(back.message().contains("backwards"), back.message());
            slave.setFloat(0x0048, 1234.6f);
            meter.pollOnce();
            assertInstanceOf(BoardEvent.PowermeterReading.class, events.get(5));
            assertEquals(6, events.size());
        }
    }
}
