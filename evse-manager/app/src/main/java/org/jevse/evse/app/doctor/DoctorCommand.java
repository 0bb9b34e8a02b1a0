package org.jevse.evse.app.doctor;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jevse.config.ConfigException;
import org.jevse.config.ConfigLoader;
import org.jevse.config.JevseConfig;
import org.jevse.evse.app.plugin.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jevse doctor}: one line per check, OK or FAIL with what to do; exit 0 only when every check passes. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Checks that the configured board's devices exist and are readable and writable (gpiochip,",
                "the PWM chip and channel, spidev, serial ports), that the MCU and the meter answer, and that the",
                "broker and the central system are reachable. One line per check; exit 0 only when all pass.",
                "Stop the service first (systemctl stop jevse): it holds the serial ports."})
public final class DoctorCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "Configuration to check (default: ${DEFAULT-VALUE})")
    Path config = Path.of("/etc/jevse/jevse.yaml");

    @Option(names = "--user", paramLabel = "NAME",
            description = "Check device access for this user (e.g. jevse, the service's user) instead of the current one")
    String user;

    @Option(names = "--root", paramLabel = "DIR",
            description = "Where /dev, /sys and /etc are found (default: ${DEFAULT-VALUE}; another tree for tests or an image)")
    Path root = Path.of("/");

    @Override
    public Integer call() {
        JevseConfig cfg;
        try {
            cfg = ConfigLoader.load(config);
        } catch (ConfigException e) {
            throw new BadInputException(e.getMessage());
        }
        PrintStream out = System.out;
        try {
            Identity who = user == null ? Identity.self() : Identity.user(root, user);
            if (who == null) {
                throw new BadInputException("--user " + user + ": no such user in " + root.resolve("etc/passwd"));
            }
            if (!Files.isDirectory(root)) {
                throw new BadInputException("--root " + root + ": not a directory");
            }
            List<Check> checks = new Doctor(root, who).run(cfg);
            for (Check c : checks) {
                out.println(c.line());
            }
            out.flush();
            return checks.stream().allMatch(Check::ok) ? 0 : 1;
        } catch (IOException e) {
            System.err.println("jevse doctor: " + e.getMessage());
            return 1;
        }
    }
}
