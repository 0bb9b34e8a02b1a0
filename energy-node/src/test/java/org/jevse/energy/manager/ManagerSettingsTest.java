package org.jevse.energy.manager;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.jevse.energy.alloc.AllocatorSettings;
import org.jevse.energy.alloc.PhaseRotation;
import org.jevse.energy.mqtt.MqttLink;
import org.junit.jupiter.api.Test;

class ManagerSettingsTest {

    @Test
    void theFileBecomesTheAllocationsTypesInItsUnits() {
        EnergyManagerFile f = EnergyManagerFile.parse("""
                ca_file: ca.pem
                nodes:
                  - {id: site, limits_A: [63, 63, 63]}
                  - {id: garage, parent: site, limits_A: [32, 16.5, 0]}
                chargers:
                  - {id: cp1, node: garage, rotation: L231, max_current_A: 13.4}
                """, "test");
        var nodes = ManagerSettings.nodeSpecs(f);
        assertNull(nodes.get(0).parent(), "the site has no parent");
        assertEquals("site", nodes.get(1).parent());
        assertArrayEquals(new int[] {32000, 16500, 0}, nodes.get(1).limitsMa());
        assertEquals(List.of(new ManagerCore.ChargerSpec("cp1", "garage", PhaseRotation.L231, 13400)),
                ManagerSettings.chargerSpecs(f));
        assertEquals(AllocatorSettings.defaults(), ManagerSettings.allocatorSettings(f), "the file's defaults");
        assertEquals(new MqttLink.Tls("ca.pem", "", ""), ManagerSettings.tls(f));
    }
}
