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

    @Test
    void anOcppChargersGrantIsCountedUntilItsScheduleEndedAndTheChargerHadTimeToFallBack() {
        // A charger re-evaluates its composite schedule late (libocpp reports tens of seconds on some chargers):
        // until then it may still draw its last grant, so the dispatcher must count that grant past the schedule.
        EnergyManagerFile f = EnergyManagerFile.parse("""
                nodes:
                  - {id: site, limits_A: [63, 63, 63]}
                chargers:
                  - {id: mqtt1, node: site}
                  - {id: abb, node: site}
                ocpp_server:
                  listen: 127.0.0.1:8887
                  valid_for_s: 60
                  chargers:
                    - {id: abb}
                """, "test");
        var specs = ManagerSettings.chargerSpecs(f);
        assertEquals(0, specs.get(0).validForMs(), "an MQTT leaf keeps the manager's lease");
        assertEquals((60 + 30) * 1000L, specs.get(1).validForMs(),
                "schedule plus the charger's fallback margin (fallback_margin_s, 30 s by default)");
        assertEquals(60, f.ocppServer().validForS(), "the schedule itself stays valid_for_s long");
    }
}
