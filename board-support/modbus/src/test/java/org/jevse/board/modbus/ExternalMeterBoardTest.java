package org.jevse.board.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jevse.board.port.BoardEvent;
import org.jevse.board.port.CpState;
import org.jevse.board.port.PowerReason;
import org.jevse.board.serial.Await;
import org.jevse.board.serial.JSerialCommLink;
import org.jevse.board.serial.SocatPair;
import org.jevse.board.sim.SimulatedBoard;
import org.jevse.board.time.EventLoop;
import org.jevse.config.ConfigLoader;
import org.jevse.config.ModbusMeterModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An external SDM120 on a pty replaces the board's own meter; everything else passes through. */
class ExternalMeterBoardTest {

    @TempDir
    Path dir;

    @Test
    void readingsComeFromTheModbusMeterOnlyAndCommandsReachTheBoard() throws Exception {
        try (SocatPair pty = SocatPair.create(dir);
             ModbusSlaveEmulator slave = new ModbusSlaveEmulator(JSerialCommLink.open(pty.b.toString(), 9600), 1).start()) {
            slave.setFloat(0x0000, 231.5f);
            slave.setFloat(0x0006, 10f);
            slave.setFloat(0x000C, 2315f);
            slave.setFloat(0x0048, 42.25f);
            EventLoop loop = EventLoop.virtual(0);
            SimulatedBoard sim = new SimulatedBoard(ConfigLoader.parse("board:\n  sim:\n    meter_interval_ms: 100\n",
                    "t").board().sim(), 230, loop);
            JSerialCommLink rs485 = JSerialCommLink.open(pty.a.toString(), 9600);
            List<BoardEvent> events = new CopyOnWriteArrayList<>();
            try (ExternalMeterBoard board = new ExternalMeterBoard(sim, sink -> new ModbusPowermeter(
                    new ModbusRtuMaster(rs485, 500, 5), 1, RegisterMap.of(ModbusMeterModel.sdm120), 100, 3, sink)
                    .closing(rs485))) {
                board.setListener(events::add);
                board.start();
                loop.runUntil(1000); // ten simulated meter ticks: all dropped
                assertTrue(events.contains(new BoardEvent.CpChanged(CpState.A)), events::toString);
                Await.until("a Modbus reading", () -> events.stream().anyMatch(e -> e instanceof BoardEvent.PowermeterReading));
                BoardEvent.PowermeterReading r = (BoardEvent.PowermeterReading) events.stream()
                        .filter(e -> e instanceof BoardEvent.PowermeterReading).findFirst().orElseThrow();
                assertEquals(42_250, r.values().energyImportWh(), 0.01);
                assertEquals(231.5, r.values().voltageV().l1(), 1e-4);
                assertEquals(0, r.values().voltageV().l2());
                assertEquals(2315, r.values().powerW(), 1e-3);
                board.allowPower(true, PowerReason.FULL_POWER_CHARGING);
                assertTrue(sim.contactorCommanded());
            }
            assertTrue(slave.requests() > 0);
        }
    }
}
