package org.jevse.board.modbus;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jevse.board.port.BoardEvent;
import org.jevse.board.port.PerPhase;
import org.jevse.board.port.PowermeterValues;

/**
 * Polls a Modbus RTU meter at a fixed interval on its own thread and reports {@link BoardEvent.PowermeterReading}s.
 * A failed poll (timeout, CRC error, exception reply) is retried at the next interval; after {@code maxFailures}
 * consecutive failures one {@link BoardEvent.PowermeterError} is reported (and again after each further
 * {@code maxFailures}). An import energy lower than the last one is an error at once and is not reported as a
 * reading.
 */
public final class ModbusPowermeter implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ModbusPowermeter.class.getName());

    private final ModbusRtuMaster master;
    private final int unit;
    private final RegisterMap map;
    private final int intervalMs;
    private final int maxFailures;
    private final Consumer<BoardEvent> sink;
    private final Thread thread;
    private volatile boolean running;
    private int consecutiveFailures;
    private double lastEnergyWh = Double.NaN;
    private volatile long polls;
    private volatile long failures;
    private volatile long errorsReported;
    private AutoCloseable resource;

    public ModbusPowermeter(ModbusRtuMaster master, int unit, RegisterMap map, int intervalMs, int maxFailures,
                            Consumer<BoardEvent> sink) {
        this.master = Objects.requireNonNull(master, "master");
        this.unit = unit;
        this.map = Objects.requireNonNull(map, "map");
        this.intervalMs = intervalMs;
        this.maxFailures = maxFailures;
        this.sink = Objects.requireNonNull(sink, "sink");
        this.thread = new Thread(this::run, "modbus-meter unit " + unit);
        thread.setDaemon(true);
    }

    public void start() {
        running = true;
        thread.start();
    }

    /** Something to close after the poller stops, usually the serial link. */
    public ModbusPowermeter closing(AutoCloseable resource) {
        this.resource = resource;
        return this;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (resource != null) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "modbus meter: closing: " + e.getMessage());
            }
        }
    }

    private void run() {
        long next = System.nanoTime();
        while (running) {
            pollOnce();
            next += intervalMs * 1_000_000L;
            long sleep = (next - System.nanoTime()) / 1_000_000L;
            if (sleep < 0) {
                next = System.nanoTime();
                continue;
            }
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One poll: reads every block and reports a reading or counts a failure. Public for tests that step by hand. */
    public void pollOnce() {
        polls++;
        Map<Integer, Float> values = new HashMap<>();
        try {
            for (RegisterMap.Block b : map.blocks()) {
                int[] regs = master.readInputRegisters(unit, b.address(), b.count());
                for (int a : map.addresses()) {
                    if (a >= b.address() && a + 2 <= b.address() + b.count()) {
                        values.put(a, ModbusRtu.floatOf(regs[a - b.address()], regs[a - b.address() + 1]));
                    }
                }
            }
        } catch (ModbusException e) {
            failures++;
            consecutiveFailures++;
            LOG.log(System.Logger.Level.DEBUG, "modbus meter: " + e.getMessage());
            if (consecutiveFailures % maxFailures == 0) {
                error(consecutiveFailures + " consecutive failed polls, last: " + e.kind() + ": " + e.getMessage());
            }
            return;
        }
        consecutiveFailures = 0;
        double energyWh = values.get(map.energyImport()) * 1000.0;
        if (!Double.isFinite(energyWh) || energyWh < 0) {
            error("implausible import energy " + energyWh + " Wh");
            return;
        }
        if (!Double.isNaN(lastEnergyWh) && energyWh < lastEnergyWh) {
            error("import energy went backwards from " + lastEnergyWh + " Wh to " + energyWh + " Wh");
            return;
        }
        lastEnergyWh = energyWh;
        PerPhase v = new PerPhase(get(values, map.voltageL1()), get(values, map.voltageL2()), get(values, map.voltageL3()));
        PerPhase i = new PerPhase(get(values, map.currentL1()), get(values, map.currentL2()), get(values, map.currentL3()));
        double power = map.power() >= 0 ? get(values, map.power()) : v.l1() * i.l1() + v.l2() * i.l2() + v.l3() * i.l3();
        sink.accept(new BoardEvent.PowermeterReading(new PowermeterValues(energyWh, power, i, v)));
    }

    private static double get(Map<Integer, Float> values, int address) {
        return address < 0 ? 0 : values.get(address);
    }

    private void error(String message) {
        errorsReported++;
        LOG.log(System.Logger.Level.WARNING, "modbus meter: " + message);
        sink.accept(new BoardEvent.PowermeterError(message));
    }

    public long polls() {
        return polls;
    }

    public long failures() {
        return failures;
    }

    public long errorsReported() {
        return errorsReported;
    }
}
