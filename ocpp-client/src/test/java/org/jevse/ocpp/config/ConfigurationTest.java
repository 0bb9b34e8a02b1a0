package org.jevse.ocpp.config;

import org.jevse.ocpp.cp.CoreKeys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration keys: types, access, the four ChangeConfiguration answers, persistence, and any rate and order. */
class ConfigurationTest {

    @TempDir
    Path dir;

    private List<ConfigKey> keys() {
        List<ConfigKey> k = new ArrayList<>(
                CoreKeys.of(1, 60, "Core,RemoteTrigger", StandardKeys.Cable.SOCKET));
        k.add(ConfigKey.string("JevseCentralSystemUri", false, "ws://a/").rebootRequired());
        return k;
    }

    @Test
    void everyAnswerClass() {
        Configuration c = new Configuration(keys(), dir.resolve("c.json"));
        assertEquals(Configuration.Change.Accepted, c.change("HeartbeatInterval", "60"));
        assertEquals(Configuration.Change.Rejected, c.change("HeartbeatInterval", "-1"));
        assertEquals(Configuration.Change.Rejected, c.change("GetConfigurationMaxKeys", "10"));
        assertEquals(Configuration.Change.RebootRequired, c.change("JevseCentralSystemUri", "ws://b/"));
        assertEquals(Configuration.Change.NotSupported, c.change("ChargeProfileMaxStackLevelX", "1"));
        assertEquals(Configuration.Change.Accepted, c.change("LocalPreAuthorize", "TRUE"));
        assertEquals("true", c.get("LocalPreAuthorize"));
        assertEquals(Configuration.Change.Rejected, c.change("LocalPreAuthorize", "yes"));
        assertEquals(Configuration.Change.Accepted, c.change("MeterValuesSampledData",
                "Energy.Active.Import.Register, Voltage"));
        assertEquals("Energy.Active.Import.Register,Voltage", c.get("MeterValuesSampledData"));
        assertEquals(Configuration.Change.Rejected, c.change("MeterValuesSampledData", "Voltage,Voltage"));
        assertEquals(Configuration.Change.Accepted, c.change("ConnectorPhaseRotation", "0.RST,1.RST"));
        assertEquals(Configuration.Change.Rejected, c.change("ConnectorPhaseRotation", "1.ABC"));
        assertEquals(Configuration.Change.Accepted, c.change("SecurityProfile", "1"));
        assertEquals(Configuration.Change.Rejected, c.change("SecurityProfile", "0"), "never lowered");
        assertEquals(Configuration.Change.Accepted, c.change("AuthorizationKey", "0123456789abcdef0123"));
        assertEquals(null, c.entry("AuthorizationKey"), "write-only");
        assertTrue(c.all().stream().noneMatch(e -> e.key().equals("AuthorizationKey")));
        Configuration again = new Configuration(keys(), dir.resolve("c.json"));
        assertEquals("60", again.get("HeartbeatInterval"));
        assertEquals("ws://b/", again.get("JevseCentralSystemUri"));
    }

    @Test
    void changesAtAnyRateAndOrderLeaveAConsistentFile() throws Exception {
        Configuration c = new Configuration(keys(), dir.resolve("c.json"));
        String[] names = {"HeartbeatInterval", "MeterValueSampleInterval", "ClockAlignedDataInterval",
            "TransactionMessageAttempts", "LocalAuthorizeOffline", "MeterValuesSampledData", "NumberOfConnectors"};
        String[] values = {"0", "1", "60", "abc", "true", "false", "Voltage", "-5", "86400", ""};
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            long seed = t;
            fs.add(pool.submit(() -> {
                SplittableRandom r = new SplittableRandom(seed);
                for (int i = 0; i < 300; i++) {
                    c.change(names[r.nextInt(names.length)], values[r.nextInt(values.length)]);
                }
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        Configuration reread = new Configuration(keys(), dir.resolve("c.json"));
        for (Configuration.Entry e : c.all()) {
            assertEquals(e.value(), reread.get(e.key()), e.key());
            ConfigKey k = c.key(e.key());
            assertTrue(k.type() == ConfigKey.Type.STRING || k.normalize(e.value()) != null, e.toString());
        }
        assertEquals("1", reread.get("NumberOfConnectors"));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.filter(p -> !p.getFileName().toString().startsWith(".")).count());
        }
    }

    @Test
    void aCorruptFileFallsBackToDefaults() throws Exception {
        Files.writeString(dir.resolve("c.json"), "{\"HeartbeatInterval\": 5");
        Configuration c = new Configuration(keys(), dir.resolve("c.json"));
        assertEquals("300", c.get("HeartbeatInterval"));
        assertEquals(Configuration.Change.Accepted, c.change("HeartbeatInterval", "7"));
    }
}
