package org.jevse.evse.app;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jevse.board.modbus.ExternalMeterBoard;
import org.jevse.board.modbus.ModbusPowermeter;
import org.jevse.board.modbus.ModbusRtuMaster;
import org.jevse.board.modbus.RegisterMap;
import org.jevse.board.pi.Pi4jIo;
import org.jevse.board.port.BoardSupport;
import org.jevse.board.port.PowerReason;
import org.jevse.board.serial.JSerialCommLink;
import org.jevse.board.serial.SerialBoard;
import org.jevse.board.serial.SerialLink;
import org.jevse.board.time.EventLoop;
import org.jevse.config.BoardType;
import org.jevse.config.JevseConfig;
import org.jevse.config.ModbusMeterConfig;
import org.jevse.config.PowermeterType;
import org.jevse.config.SerialBoardConfig;
import org.jevse.evse.app.plugin.ChargerPlugin;
import org.jevse.evse.app.plugin.BadInputException;

/**
 * The driver factory: from {@code board.type} and {@code board.powermeter} to a {@link BoardSupport}, and the
 * real-time run of the charger on a hardware board ({@code jevse run} when {@code board.type} is not {@code sim}).
 */
public final class Boards {

    private Boards() {
    }

    /**
     * Opens the hardware board the configuration selects, with an external Modbus meter around it when
     * {@code board.powermeter.type} is {@code modbus}.
     *
     * @throws IOException           when a serial port cannot be opened or the MCU does not answer
     * @throws IllegalStateException when {@code board.type} is {@code sim} (the simulator is built by
     *                               {@link SimulatedCharger}, with its EV) or a Pi4J provider is missing
     */
    public static BoardSupport open(JevseConfig cfg) throws IOException {
        BoardType type = cfg.board().type();
        BoardSupport board = switch (type) {
            case serial -> openSerial(cfg.board().serial());
            case raspberrypi -> Pi4jIo.open(cfg.board().raspberrypi());
            case sim -> throw new IllegalStateException("board.type sim runs through SimulatedCharger");
        };
        if (cfg.board().powermeter().type() != PowermeterType.modbus) {
            return board;
        }
        ModbusMeterConfig m = cfg.board().powermeter().modbus();
        SerialLink rs485;
        try {
            rs485 = JSerialCommLink.open(m.port(), m.baud());
        } catch (IOException e) {
            board.close();
            throw e;
        }
        // 3.5 characters of silence between transactions: at least 2 ms (the RTU minimum above 19200 baud).
        int turnaroundMs = Math.max(2, (int) Math.ceil(3.5 * 11 * 1000.0 / m.baud()));
        return new ExternalMeterBoard(board, sink -> new ModbusPowermeter(
                new ModbusRtuMaster(rs485, m.timeoutMs(), turnaroundMs), m.unitId(),
                RegisterMap.of(m.model(), m.registers()), m.intervalMs(), m.maxFailures(), sink).closing(rs485));
    }

    /** Keepalives to the MCU only while this loop runs: a hung charger loop lets the MCU go to its safe state. */
    private static void feedWatchdog(EventLoop loop, SerialBoard serial) {
        serial.feedWatchdog();
        loop.schedule(Math.max(10, serial.mcuKeepaliveTimeoutMs() / 5), () -> feedWatchdog(loop, serial));
    }

    private static BoardSupport openSerial(SerialBoardConfig s) throws IOException {
        return SerialBoard.open(JSerialCommLink.open(s.port(), s.baud()),
                new SerialBoard.Options(s.keepaliveIntervalMs(), s.helloTimeoutMs(), s.mcuSilenceMs()));
    }

    /**
     * Runs the charger on the configured hardware board on real time until the process is stopped (SIGTERM,
     * Ctrl-C). On the way out the contactor is opened and the pilot set to X1 before the board is closed.
     */
    static int runHardware(JevseConfig cfg, long seed, JevseCommand.EventFormat events) {
        if (cfg.board().powermeter().type() == PowermeterType.sim) {
            throw new BadInputException("board.powermeter.type sim needs board.type sim");
        }
        BoardSupport board;
        try {
            board = open(cfg);
        } catch (IOException | RuntimeException e) {
            throw new BadInputException("board." + cfg.board().type() + ": " + e.getMessage());
        }
        EventLoop loop = EventLoop.realtime();
        Charger charger = new Charger(cfg, board, board.capabilities().maxPhases(), loop, new SplittableRandom(seed),
                new LocalListAuthorization(cfg.auth().localList()));
        List<ChargerPlugin> plugins = ChargerExtras.attach(cfg, charger, loop);
        PrintStream out = System.out;
        ConsoleReporter reporter = ChargerExtras.output(charger, loop, events, out);
        BoardSupport inner = board instanceof ExternalMeterBoard e ? e.board() : board;
        if (inner instanceof SerialBoard serial) {
            feedWatchdog(loop, serial);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread main = Thread.currentThread();
        // The plugins' close (e.g. OCPP reading the answers to what it sent) gets its own bound on top; they close
        // one after the other.
        long closeMs = 5_000 + plugins.stream().mapToLong(ChargerPlugin::closeTimeoutMs).sum();
        Thread hook = new Thread(() -> {
            main.interrupt();
            try {
                stopped.await(closeMs, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "jevse-shutdown");
        if (inner instanceof SerialBoard || cfg.board().powermeter().type() == PowermeterType.modbus) {
            // The last frames (contactor open, X1) must be written before jSerialComm's hook closes the ports.
            JSerialCommLink.addShutdownHook(hook);
        } else {
            Runtime.getRuntime().addShutdownHook(hook);
        }
        try {
            charger.start();
            loop.run(() -> Thread.currentThread().isInterrupted());
        } finally {
            board.allowPower(false, PowerReason.POWER_OFF);
            board.pilotX1();
            for (ChargerPlugin p : plugins) {
                p.close();
            }
            board.close();
            if (reporter != null) {
                reporter.finish();
            }
            out.flush();
            stopped.countDown();
        }
        return 0;
    }
}
