package org.jevse.hil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The jar as a user runs it: a whole simulated session, and bad input that stops before anything starts. */
class SimulateProcessTest {

    @Test
    void theJarSimulatesAWholeSessionAndExitsZero() throws Exception {
        JarProcess.Result r = JarProcess.run(60, "simulate", "--events", "json", "--ev",
                "sleep 1; plugin; auth DEMO-TAG; draw_power_regulated 16,3; sleep 600; unplug");
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().contains("\"type\":\"power\",\"on\":true"), r.stdout());
        assertTrue(r.stdout().contains("\"event\":\"finished\""), r.stdout());
    }

    @Test
    void aMalformedScriptExitsNonZeroWithOneLine() throws Exception {
        JarProcess.Result r = JarProcess.run(60, "simulate", "--ev", "plugin; draw_power_regulated sixteen,3");
        assertEquals(2, r.exitCode());
        assertEquals(1, r.stderr().lines().count(), r.stderr());
        assertEquals("", r.stdout());
    }
}
