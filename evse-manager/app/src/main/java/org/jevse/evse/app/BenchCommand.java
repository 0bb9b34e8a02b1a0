package org.jevse.evse.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jevse.bench.BenchFile;
import org.jevse.bench.BenchRunner;
import org.jevse.bench.CaseResult;
import org.jevse.bench.EvBench;
import org.jevse.bench.HardwareBench;
import org.jevse.board.pi.ev.PiEvBoard;
import org.jevse.bench.Reports;
import org.jevse.bench.SimBench;
import org.jevse.bench.Suite;
import org.jevse.bench.SuiteResult;
import org.jevse.config.ConfigException;
import org.jevse.config.ConfigLoader;
import org.jevse.config.JevseConfig;
import org.jevse.evse.app.plugin.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jevse bench run}: the HIL bench (docs/hil-bench.md). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "The HIL bench: plays the EV against a charger and runs IEC 61851-1 conformance suites.",
        subcommands = BenchCommand.Run.class)
final class BenchCommand extends CommandGroup {

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Runs SUITE (a suite file, or the built-in iec61851-ac) and writes junit.xml and report.html to DIR.",
                    "Without --config: the sim EV-side driver against jevse's own core with its default configuration,",
                    "in virtual time. Exit code 0 when no case failed, 1 when one did, 2 for bad input."})
    static final class Run implements Callable<Integer> {
        @Parameters(paramLabel = "SUITE", description = "A suite file, or a built-in suite: iec61851-ac")
        String suite;

        @Option(names = "--config", paramLabel = "BENCH.yaml", description = "The bench: its EV-side driver and the charger under test")
        Path config;

        @Option(names = "--report", paramLabel = "DIR", required = true, description = "Where junit.xml and report.html go")
        Path report;

        @Override
        public Integer call() {
            Suite s;
            EvBench bench;
            try {
                s = Suite.resolve(suite);
                bench = bench(config);
            } catch (ConfigException e) {
                throw new BadInputException(e.getMessage());
            }
            SuiteResult result = BenchRunner.run(s, bench);
            try {
                Reports.write(result, report);
            } catch (IOException e) {
                throw new BadInputException("--report " + report + ": cannot write the report: " + e.getMessage());
            } catch (UncheckedIOException e) {
                throw new BadInputException("--report " + report + ": cannot write the report: " + e.getCause().getMessage());
            }
            for (CaseResult c : result.cases()) {
                System.out.println(c.status() + " " + c.testCase().name() + (c.reason().isEmpty() ? "" : ": " + c.reason())
                        + failures(c));
            }
            System.out.printf(Locale.ROOT, "%s on %s: %d passed, %d failed, %d skipped; %d ms wall, %.1f s of bench time; report in %s%n",
                    result.suite().name(), result.bench(), result.count(CaseResult.Status.PASSED),
                    result.count(CaseResult.Status.FAILED), result.count(CaseResult.Status.SKIPPED), result.wallMs(),
                    result.benchMs() / 1000.0, report.resolve(Reports.HTML));
            return result.passed() ? 0 : 1;
        }

        private static String failures(CaseResult c) {
            StringBuilder b = new StringBuilder();
            for (CaseResult.Verdict v : c.verdicts()) {
                if (!v.passed()) {
                    b.append("; ").append(v.expectation().describe()).append(": measured ").append(v.measured())
                            .append(", limit ").append(v.expectation().limit());
                }
            }
            return b.toString();
        }
    }

    /** The bench a file describes; without one, the sim driver against jevse's own core with its defaults. */
    static EvBench bench(Path file) {
        if (file == null) {
            return new SimBench(new JevseOnSimLine(ConfigLoader.defaults(), "default configuration"));
        }
        BenchFile b = BenchFile.load(file);
        return switch (b.driver()) {
            case sim -> {
                if (b.chargerConfig().isEmpty()) {
                    yield new SimBench(new JevseOnSimLine(ConfigLoader.defaults(), "default configuration"));
                }
                Path cfgFile = b.chargerConfigPath(file);
                JevseConfig cfg = ConfigLoader.load(cfgFile);
                yield new SimBench(new JevseOnSimLine(cfg, cfgFile.toString()));
            }
            case raspberrypi -> piBench(b);
            case serial -> serialBench(b, file);
        };
    }

    /** The EV-side MCU on a UART (docs/serial-board-protocol.md, "The EV side"), on a real-time loop. */
    static EvBench serialBench(BenchFile b, Path file) {
        BenchFile.SerialEv s = b.serial();
        org.jevse.board.time.EventLoop loop = org.jevse.board.time.EventLoop.realtime();
        org.jevse.board.serial.ev.SerialEvBoard board;
        try {
            board = org.jevse.board.serial.ev.SerialEvBoard.open(
                    org.jevse.board.serial.JSerialCommLink.open(s.port(), s.baud()), loop.time(), s.helloTimeoutMs());
        } catch (java.io.IOException e) {
            throw new BadInputException(file + ": serial.port " + s.port() + ": " + e.getMessage());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(board::close));
        return new HardwareBench("a charger on the serial EV-side bench (" + s.port() + ")", board, loop,
                b.chargerOffersA(), b.chargerSocket(), Math.round(b.restS() * 1000));
    }

    /** The Pi EV-side board on Pi4J's production providers (gpiod, linuxfs SPI), on a real-time loop. */
    static EvBench piBench(BenchFile b) {
        BenchFile.PiEv p = b.raspberrypi();
        com.pi4j.context.Context gpio = com.pi4j.Pi4J.newContextBuilder().noAutoDetect()
                .add(com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider.newInstance(),
                        com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider.newInstance())
                .build();
        com.pi4j.context.Context adc = org.jevse.board.pi.Pi4jIo.productionAdcContext();
        org.jevse.board.time.EventLoop loop = org.jevse.board.time.EventLoop.realtime();
        PiEvBoard.Pins pins = new PiEvBoard.Pins(p.s1Pin(), p.cPin(), p.dPin(), p.ePin(), p.diodePin(),
                java.util.List.of(p.pp1500Pin(), p.pp680Pin(), p.pp220Pin(), p.pp100Pin()), p.powerPin(),
                p.relaysActiveLow(), p.powerActiveLow(), p.spiChannel(), p.spiBaud());
        PiEvBoard board = new PiEvBoard(PiEvBoard.hardware(gpio, adc, pins), new PiEvBoard.Scaling(p.adcChannel(),
                p.adcVref(), p.adcGain(), p.adcOffsetV(), p.pollMs(), p.burst()), loop);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            board.close(); // every relay open: the charger sees state A
            gpio.shutdown();
            adc.shutdown();
        }));
        return new HardwareBench("a charger on the Raspberry Pi EV-side bench", board, loop, b.chargerOffersA(),
                b.chargerSocket(), Math.round(b.restS() * 1000));
    }
}
