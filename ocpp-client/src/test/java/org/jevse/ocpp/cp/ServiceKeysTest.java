package org.jevse.ocpp.cp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.jevse.ocpp.config.ConfigKey;
import org.jevse.ocpp.config.StandardKeys;
import org.jevse.ocpp.localauth.LocalListConfig;
import org.jevse.ocpp.smartcharging.SmartChargingConfig;
import org.junit.jupiter.api.Test;

/**
 * The configuration keys the services declare, pinned: every key's name, type, access, default, accepted values,
 * reboot flag and extra rule, for the configurations the charger and the tests build. A key moved from one owner
 * to another keeps all of it (service-keys.txt was written from the central list the services replaced).
 */
class ServiceKeysTest {

    static String describe(List<ConfigKey> keys) {
        TreeMap<String, String> byName = new TreeMap<>();
        for (ConfigKey k : keys) {
            String rule = k.rule() == null ? "-" : rule(k);
            String was = byName.put(k.name(), k.type() + " " + (k.readOnly() ? "R" : "RW") + " default="
                    + k.defaultValue() + " allowed=" + new java.util.TreeSet<>(k.allowed()) + " pattern="
                    + k.itemPattern() + " maxItems=" + k.maxItems() + " min=" + k.min() + " max=" + k.max()
                    + " writeOnly=" + k.writeOnly() + " reboot=" + k.reboot() + " rule=" + rule);
            if (was != null) {
                throw new AssertionError(k.name() + " is declared twice");
            }
        }
        StringBuilder b = new StringBuilder();
        byName.forEach((n, d) -> b.append(n).append(": ").append(d).append('\n'));
        return b.toString();
    }

    /** What a rule says about a few changes: enough to tell the rules apart. */
    private static String rule(ConfigKey k) {
        List<String> out = new ArrayList<>();
        for (String[] c : new String[][] {{"1", "0"}, {"0", "2"}, {"", "short"}, {"", "12345678"},
                {"", "x".repeat(41)}, {"", "ws://h"}, {"", "wss://h"}, {"", "http://h"}}) {
            try {
                out.add(c[0] + ">" + c[1] + "=" + k.rule().test(c[0], c[1]));
            } catch (RuntimeException e) {
                out.add(c[0] + ">" + c[1] + "=!");
            }
        }
        return String.join(",", out);
    }

    static String current() {
        StringBuilder b = new StringBuilder();
        b.append("## core, 1 connector, Core, socket\n").append(describe(
                CoreKeys.of(1, 60, "Core", StandardKeys.Cable.SOCKET)));
        b.append("## core, 2 connectors, every profile, fixed cable\n").append(describe(
                CoreKeys.of(2, 90, Features.PROFILES, StandardKeys.Cable.FIXED)));
        b.append("## features\n").append(describe(Features.keys(new LocalListConfig(true, 100, 20),
                SmartChargingConfig.singleConnector(32), true)));
        b.append("## certificate management\n").append(describe(
                org.jevse.ocpp.security.ops.CertificateManagement.keys(20, false)));
        return b.toString();
    }

    @Test
    void theServicesDeclareEveryKeyExactlyAsBefore() throws Exception {
        Path golden = Path.of("src/test/resources/service-keys.txt");
        if (Boolean.getBoolean("jevse.writeServiceKeys")) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, current());
        }
        assertEquals(Files.readString(golden), current());
    }
}
