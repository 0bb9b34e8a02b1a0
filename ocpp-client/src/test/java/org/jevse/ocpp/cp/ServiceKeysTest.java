package org.jevse.ocpp.cp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jevse.ocpp.config.ConfigKey;
import org.jevse.ocpp.config.StandardKeys;
import org.junit.jupiter.api.Test;

/** Every key a service says it reads is one the Core profile defines, so no service reads an undefined key. */
class ServiceKeysTest {

    @Test
    void everyKeyAServiceReadsIsACoreKey() {
        Set<String> core = StandardKeys.core(1, 60, "Core", StandardKeys.Cable.SOCKET).stream()
                .map(ConfigKey::name).collect(Collectors.toSet());
        for (List<String> keys : List.of(BootService.KEYS, StatusService.KEYS, MeteringService.KEYS,
                TransactionService.KEYS)) {
            for (String k : keys) {
                assertTrue(core.contains(k), k + " is read by a service but not defined");
            }
        }
    }
}
