package org.jevse.evse.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jevse.evse.app.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jevse energy-manager}: a bad file stops at once with one line naming it. */
class EnergyManagerCommandTest {

    static synchronized String[] run(String... args) {
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            int code = Main.execute(args);
            return new String[] {String.valueOf(code), out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
    }

    @Test
    void anUnknownKeyIsOneLineNamingTheFileAndExitTwo(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("em.yaml");
        Files.writeString(f, "nodes:\n  - {id: site, limits_A: [32, 32, 32]}\nmaximum_avaliable_current: 3\n");
        String[] r = run("energy-manager", "--config", f.toString());
        assertEquals("2", r[0]);
        assertEquals(1, r[2].lines().count(), r[2]);
        assertTrue(r[2].startsWith("jevse: " + f + ": maximum_avaliable_current: unknown key; allowed keys at top level: "),
                r[2]);
    }

    @Test
    void aChargerOnAnUnknownNodeIsRejected(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("em.yaml");
        Files.writeString(f, "nodes:\n  - {id: site, limits_A: [32, 32, 32]}\nchargers:\n  - {id: cp1, node: garage}\n");
        String[] r = run("energy-manager", "--config", f.toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains(f + ": chargers[0].node: unknown node garage; allowed: site"), r[2]);
    }

    @Test
    void theSubcommandIsListed() {
        String[] r = run("--help");
        assertTrue(r[1].contains("energy-manager"), r[1]);
    }
}
