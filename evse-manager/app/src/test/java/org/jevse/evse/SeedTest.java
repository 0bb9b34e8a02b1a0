package org.jevse.evse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jevse.evse.CommandLineTest.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random numbers of a charger in the field (session ids, the UK random delay) differ from charger to charger and
 * from boot to boot; {@code --seed} still makes a run reproducible, and {@code simulate} stays reproducible.
 */
class SeedTest {

    private static final String SHORT_SESSION =
            "board:\n  sim:\n    ev_script: \"sleep 1.2; plugin; sleep 0.3; unplug\"\n"
                    + "auth:\n  local_list: [DEMO-TAG]\n";

    @TempDir
    Path dir;

    private String firstSessionId(String... args) throws Exception {
        Result r = CommandLineTest.jevse(args);
        assertEquals(0, r.code(), r.err());
        ObjectMapper json = new ObjectMapper();
        for (String line : r.out().lines().toList()) {
            JsonNode n = json.readTree(line);
            if ("session".equals(n.path("type").asText()) && "started".equals(n.path("event").asText())) {
                return n.get("id").asText();
            }
        }
        throw new AssertionError("no session started: " + r.out());
    }

    private Path config() throws Exception {
        Path cfg = dir.resolve("short.yaml");
        Files.writeString(cfg, SHORT_SESSION);
        return cfg;
    }

    @Test
    void twoRunsWithoutSeedDrawDifferentSessionIds() throws Exception {
        String cfg = config().toString();
        String first = firstSessionId("run", "--config", cfg, "--events", "json");
        String second = firstSessionId("run", "--config", cfg, "--events", "json");
        assertNotEquals(first, second, "a restarted charger must not repeat its session ids");
    }

    @Test
    void twoRunsWithTheSameSeedAgree() throws Exception {
        String cfg = config().toString();
        assertEquals(firstSessionId("run", "--config", cfg, "--events", "json", "--seed", "42"),
                firstSessionId("run", "--config", cfg, "--events", "json", "--seed", "42"));
    }

    @Test
    void simulateIsReproducibleWithoutSeed() throws Exception {
        String cfg = config().toString();
        assertEquals(firstSessionId("simulate", "--config", cfg, "--events", "json"),
                firstSessionId("simulate", "--config", cfg, "--events", "json"));
    }
}
