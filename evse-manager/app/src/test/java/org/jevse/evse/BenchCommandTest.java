package org.jevse.evse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jevse bench run}: the built-in suite against jevse's own core, and bad input as one line with exit 2. */
class BenchCommandTest {

    @TempDir
    Path dir;

    @Test
    void theBuiltInSuitePassesAgainstJevseAndWritesBothReports() throws Exception {
        CommandLineTest.Result r = CommandLineTest.jevse("bench", "run", "iec61851-ac", "--report", dir.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("PASSED c2-b2-power-off-within-100ms"), r.out());
        assertTrue(r.out().contains("33 passed, 0 failed, 0 skipped"), r.out());
        assertTrue(Files.readString(dir.resolve("junit.xml")).contains("failures=\"0\""));
        assertTrue(Files.readString(dir.resolve("report.html")).contains("jevse (its own core, default configuration)"));
    }

    @Test
    void aSuiteFileWithAMistakeIsOneLineAndExitTwo() throws Exception {
        Path suite = dir.resolve("mine.yaml");
        Files.writeString(suite, "name: mine\ncases:\n  - name: x\n    script: plugin; weld\n    expect:\n"
                + "      - check: no_power\n        after: B\n        row: A.4\n");
        CommandLineTest.Result r = CommandLineTest.jevse("bench", "run", suite.toString(), "--report", dir.resolve("out").toString());
        assertEquals(2, r.code());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().startsWith("jevse: " + suite + ": cases[0] (x).script: command 2 \"weld\" is a fault inside the charger"), r.err());
    }

    @Test
    void aBenchFileRunsTheSuiteAgainstTheChargerItNames() throws Exception {
        Files.writeString(dir.resolve("charger.yaml"), "evse:\n  max_current_import_A: 16\n");
        Files.writeString(dir.resolve("bench.yaml"), "driver: sim\ncharger_config: charger.yaml\n");
        Path suite = dir.resolve("sixteen.yaml");
        Files.writeString(suite, "name: sixteen\ncases:\n  - name: duty\n    script: plugin; sleep 3; unplug\n    expect:\n"
                + "      - check: duty\n        after: B\n        percent: 26.67\n        row: Table A.7\n");
        CommandLineTest.Result r = CommandLineTest.jevse("bench", "run", suite.toString(), "--config",
                dir.resolve("bench.yaml").toString(), "--report", dir.resolve("out").toString());
        assertEquals(0, r.code(), r.out() + r.err());
        Files.writeString(dir.resolve("charger.yaml"), "evse:\n  max_current_import_A: 20\n");
        r = CommandLineTest.jevse("bench", "run", suite.toString(), "--config", dir.resolve("bench.yaml").toString(),
                "--report", dir.resolve("out").toString());
        assertEquals(1, r.code(), "20 A is 33.33 %, not 26.67 %: " + r.out());
        assertTrue(r.out().contains("FAILED duty; duty 26.7 % ± 0.5 after B: measured 33.33 %, limit 26.67 ± 0.5 %"), r.out());
    }
}
