package org.jevse.evse.app.energy;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jevse.board.time.SystemTimeSource;
import org.jevse.config.ConfigException;
import org.jevse.energy.api.ChargeManagerServer;
import org.jevse.energy.lc.LocalController;
import org.jevse.energy.manager.EnergyManager;
import org.jevse.energy.manager.EnergyManagerFile;
import org.jevse.energy.wire.ManagerState;
import org.jevse.evse.app.plugin.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jevse energy-manager --config FILE}: the site energy manager (docs/energy-tree.md). */
@Command(name = "energy-manager", mixinStandardHelpOptions = true,
        description = {"Runs the site energy manager: shares the site's supply among the chargers of the energy tree",
                "over MQTT 5 and, with ocpp_server, OCPP 1.6 chargers as a Local Controller (docs/local-controller.md),",
                "never over any limit of the tree. With api.listen set, it also serves WARP's charge_manager HTTP",
                "API and a live page of the site (docs/api.md). See docs/configuration.md for the file format."})
public final class EnergyManagerCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", required = true, description = "The energy manager's YAML file")
    Path config;

    @Option(names = "--quiet", description = "Do not print a line when the allocations change")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        EnergyManagerFile cfg = load();
        SystemTimeSource time = new SystemTimeSource();
        EnergyManager manager = manager(cfg, time);
        ChargeManagerServer http = http(cfg, manager);
        LocalController lc = localController(cfg, manager, http);
        CountDownLatch stop = stopOnShutdown(manager, http, lc);
        manager.start();
        if (lc != null) {
            lc.start();
        }
        printAllocations(manager, time, stop);
        return 0;
    }

    private EnergyManagerFile load() {
        try {
            return EnergyManagerFile.load(config);
        } catch (ConfigException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    private EnergyManager manager(EnergyManagerFile cfg, SystemTimeSource time) {
        try {
            return new EnergyManager(cfg, time);
        } catch (IllegalArgumentException e) {
            // Only what the schema cannot see, such as a broker_url the MQTT client will not parse; nothing runs yet.
            throw new BadInputException(config + ": " + e.getMessage());
        }
    }

    /** The charge_manager HTTP API, started before anything runs (a port in use is one line and exit code 2). */
    private ChargeManagerServer http(EnergyManagerFile cfg, EnergyManager manager) {
        if (cfg.api().listen().isEmpty()) {
            return null;
        }
        ChargeManagerServer http;
        try {
            http = new ChargeManagerServer(manager, cfg.api(), line -> System.err.println("jevse: " + line));
            http.start();
        } catch (IllegalArgumentException e) {
            manager.close();
            throw new BadInputException(config + ": " + e.getMessage());
        }
        System.err.println("jevse: charge_manager API on " + cfg.api().listen());
        return http;
    }

    private LocalController localController(EnergyManagerFile cfg, EnergyManager manager, ChargeManagerServer http) {
        try {
            return cfg.ocppServer().enabled() ? new LocalController(manager, cfg) : null;
        } catch (IllegalArgumentException e) {
            // A TLS file of ocpp_server that cannot be read: one line naming it.
            if (http != null) {
                http.close();
            }
            manager.close();
            throw new BadInputException(config + ": ocpp_server: " + e.getMessage());
        }
    }

    /** Counted down once the shutdown hook has closed everything. */
    private static CountDownLatch stopOnShutdown(EnergyManager manager, ChargeManagerServer http,
                                                 LocalController lc) {
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (lc != null) {
                lc.close();
            }
            if (http != null) {
                http.close();
            }
            manager.close();
            stop.countDown();
        }));
        return stop;
    }

    /** Until stopped: a line whenever the allocations change (none with --quiet). */
    private void printAllocations(EnergyManager manager, SystemTimeSource time, CountDownLatch stop)
            throws Exception {
        long origin = time.monotonicMs();
        String last = "";
        while (!stop.await(500, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            if (quiet) {
                continue;
            }
            ManagerState s = manager.call(() -> manager.core().state(time.monotonicMs()));
            String line = line(s);
            if (!line.equals(last)) {
                System.out.printf("%7.1f s  %s%n", (time.monotonicMs() - origin) / 1000.0, line);
                System.out.flush();
                last = line;
            }
        }
    }

    /** One line: the site limit, Σ allowed, and each charger's allocation and reason. */
    static String line(ManagerState s) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("site %.1f A, allowed %.1f/%.1f/%.1f A |", Math.min(s.availableCurrent(),
                s.limitsMa()[0]) / 1000.0, s.allocatedMa()[0] / 1000.0, s.allocatedMa()[1] / 1000.0,
                s.allocatedMa()[2] / 1000.0));
        for (ManagerState.Charger c : s.chargers()) {
            b.append(String.format(" %s %s %.1f A x%d %s%s |", c.leafId(), c.leaf(), c.ac() / 1000.0, c.ap(),
                    c.reason(), c.detail().isEmpty() ? "" : " (" + c.detail() + ")"));
        }
        return b.toString();
    }
}
