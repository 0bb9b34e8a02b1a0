package org.jevse.evse.app;

import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import org.jevse.board.sim.EvScript;
import org.jevse.board.sim.EvScriptException;
import org.jevse.config.ConfigException;
import org.jevse.config.ConfigLoader;
import org.jevse.config.ConfigPrinter;
import org.jevse.config.JevseConfig;
import org.jevse.energy.manager.EnergyManagerFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.jevse.evse.app.plugin.BadInputException;

/** The command tree: {@code jevse run | simulate | config check | energy-manager | bench run | doctor | passwd}. */
@Command(name = "jevse", mixinStandardHelpOptions = true, version = "jevse 0.1.0",
        description = "An open-source EV charger controller (IEC 61851-1 AC charging).",
        subcommands = {JevseCommand.Run.class, JevseCommand.Simulate.class, JevseCommand.ConfigCommand.class,
                org.jevse.evse.app.energy.EnergyManagerCommand.class, BenchCommand.class,
                org.jevse.evse.app.doctor.DoctorCommand.class, PasswdCommand.class})
final class JevseCommand extends CommandGroup {

    /** Output format of the event stream. */
    enum EventFormat { json }

    /** The embedded default: documented defaults, the simulated board, and the demo tag in the local list. */
    static final String DEMO_CONFIG = "demo.yaml";

    /** The options {@code run} and {@code simulate} share. */
    static final class ChargerOptions {
        @Option(names = "--config", paramLabel = "FILE",
                description = "YAML configuration (default: the embedded demo: defaults plus local tag DEMO-TAG)")
        Path config;

        @Option(names = "--events", paramLabel = "FORMAT",
                description = "Print one JSON object per line for every change instead of the status: ${COMPLETION-CANDIDATES}")
        EventFormat events;

        @Option(names = "--seed", paramLabel = "N",
                description = "Seed for session ids and the UK random delay (default: simulate 1; run: a fresh "
                        + "seed from the system's secure random source at every start)")
        Long seed;

        /** The seed given, or 1 in simulate (a simulation is reproducible by default). */
        long simulationSeed() {
            return seed != null ? seed : 1L;
        }

        /**
         * The seed given, or a fresh one from the secure random source: a charger in the field must not repeat its
         * session ids after a restart, and chargers must not draw the same randomised delay (the Smart Charge Points
         * Regulations 2021 randomise it so that chargers do not switch in step).
         */
        long fieldSeed() {
            return seed != null ? seed : new SecureRandom().nextLong();
        }
    }

    static JevseConfig loadConfig(Path file) {
        if (file == null) {
            try (var in = JevseCommand.class.getResourceAsStream(DEMO_CONFIG)) {
                return ConfigLoader.parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8),
                        "embedded " + DEMO_CONFIG);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        try {
            JevseConfig cfg = ConfigLoader.load(file);
            org.jevse.evse.app.logging.Logging.apply(cfg.logging());
            return cfg;
        } catch (ConfigException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    /** The API address of the embedded default of {@code jevse run}: this machine only, read-only. */
    static final String DEMO_API_LISTEN = "127.0.0.1:8080";

    /**
     * The embedded default of {@code run} serves the API and the page read-only on {@link #DEMO_API_LISTEN}, so a
     * newcomer can watch the demo session in a browser; it has no users, so nothing can be changed through it (and
     * the embedded default keeps no charge log and no tag file). {@code simulate} runs on virtual time and serves nothing.
     */
    static JevseConfig withDemoApi(JevseConfig cfg) {
        org.jevse.config.ApiConfig a = cfg.api();
        try (java.net.ServerSocket probe = new java.net.ServerSocket(8080, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            probe.setReuseAddress(true);
        } catch (java.io.IOException e) {
            // A demo is not worth failing over a busy port (another jevse, a test run): it runs without its page.
            System.err.println("jevse: " + DEMO_API_LISTEN + " is in use (" + e.getMessage()
                    + "); the demo runs without its web page");
            return cfg;
        }
        return new JevseConfig(cfg.evse(), cfg.board(), cfg.auth(), cfg.energy(), cfg.ocpp(), cfg.logging(),
                new org.jevse.config.ApiConfig(DEMO_API_LISTEN, true, java.util.List.of(), "", "",
                        a.maxEventClients()), cfg.mqtt());
    }

    static EvScript parseScript(String text) {
        try {
            return EvScript.parse(text);
        } catch (EvScriptException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    static int runSimulation(JevseConfig cfg, EvScript script, SimulatedCharger.Pace pace, long seed,
                             EventFormat events) {
        SimulatedCharger sim = new SimulatedCharger(cfg, script, pace, seed);
        PrintStream out = System.out;
        ConsoleReporter reporter = ChargerExtras.output(sim.charger(), sim.loop(), events, out);
        sim.run();
        if (reporter != null) {
            reporter.finish();
        }
        out.flush();
        return 0;
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Runs the charger on the configured board in real time.",
                    "Without --config it runs the embedded default: the simulated board with its default EV script,",
                    "serves the read-only API and web page on http://127.0.0.1:8080/, and exits when that script ends."})
    static final class Run implements Callable<Integer> {
        @Mixin
        ChargerOptions options;

        @Override
        public Integer call() {
            JevseConfig cfg = loadConfig(options.config);
            if (options.config == null) {
                cfg = withDemoApi(cfg);
            }
            if (cfg.board().type() != org.jevse.config.BoardType.sim) {
                return Boards.runHardware(cfg, options.fieldSeed(), options.events);
            }
            EvScript script = parseScript(cfg.board().sim().evScript());
            return runSimulation(cfg, script, SimulatedCharger.Pace.REAL, options.fieldSeed(), options.events);
        }
    }

    @Command(name = "simulate", mixinStandardHelpOptions = true,
            description = {"Runs the real core on the simulated board with a scripted EV, on virtual time by default.",
                    "",
                    "EV script words, separated by ';' or newlines:",
                    "  sleep S, plugin, unplug, iec_wait_pwr_ready, pause,",
                    "  draw_power_regulated A,PHASES, draw_power_fixed A,PHASES,",
                    "  error_e, diode_fail, rcd_current MA,",
                    "  auth TAG, overdraw A, ventilation on|off, weld, meter_fail, pp OHMS"})
    static final class Simulate implements Callable<Integer> {
        @Mixin
        ChargerOptions options;

        @Option(names = "--ev", paramLabel = "SCRIPT", description = "EV script (default: board.sim.ev_script)")
        String ev;

        @Option(names = "--realtime", description = "Run at wall-clock speed instead of virtual time")
        boolean realtime;

        @Override
        public Integer call() {
            JevseConfig cfg = loadConfig(options.config);
            EvScript script = parseScript(ev != null ? ev : cfg.board().sim().evScript());
            return runSimulation(cfg, script, realtime ? SimulatedCharger.Pace.PACED : SimulatedCharger.Pace.VIRTUAL,
                    options.simulationSeed(), options.events);
        }
    }

    @Command(name = "config", mixinStandardHelpOptions = true, description = "Configuration tools.",
            subcommands = ConfigCommand.Check.class)
    static final class ConfigCommand extends CommandGroup {

        @Command(name = "check", mixinStandardHelpOptions = true,
                description = "Validates FILE and prints the effective configuration with every default filled in.")
        static final class Check implements Callable<Integer> {
            @Parameters(paramLabel = "FILE", description = "YAML configuration to check")
            Path file;

            @picocli.CommandLine.Option(names = "--energy-manager",
                    description = "FILE is an energy manager's file (jevse energy-manager --config FILE).")
            boolean energyManager;

            @Override
            public Integer call() {
                if (energyManager) {
                    EnergyManagerFile m;
                    try {
                        m = EnergyManagerFile.load(file);
                    } catch (org.jevse.config.ConfigException e) {
                        throw new BadInputException(e.getMessage());
                    }
                    System.out.print(ConfigPrinter.toYaml(m));
                    return 0;
                }
                JevseConfig cfg = loadConfig(file);
                System.out.print(ConfigPrinter.toYaml(cfg));
                return 0;
            }
        }
    }
}
