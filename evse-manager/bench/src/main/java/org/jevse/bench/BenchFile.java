package org.jevse.bench;

import java.nio.file.Path;
import org.jevse.config.ConfigLoader;
import org.jevse.config.Key;

/**
 * The bench's own file ({@code jevse bench run SUITE --config BENCH.yaml}): which EV-side driver plays the car and
 * what the charger under test is. Read strictly, like every jevse file.
 */
public record BenchFile(
        @Key(name = "driver", def = "sim",
             doc = "The EV-side driver. sim: a simulated pilot line to jevse's own core on the simulated board.")
        Driver driver,
        @Key(name = "charger_config", def = "''",
             doc = "sim: the jevse.yaml of the charger under test, relative to this file. Empty: jevse's defaults.")
        String chargerConfig) {

    /** The EV-side drivers. */
    public enum Driver { sim }

    public static BenchFile load(Path file) {
        return ConfigLoader.load(BenchFile.class, file);
    }

    /** {@link #chargerConfig()} resolved against the directory of the bench file. */
    public Path chargerConfigPath(Path benchFile) {
        Path dir = benchFile.toAbsolutePath().getParent();
        return dir.resolve(chargerConfig);
    }
}
