package org.jevse.evse.energy;

import org.jevse.energy.mqtt.BrokerTests;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jevse.board.time.SystemTimeSource;
import org.jevse.energy.manager.EnergyManager;
import org.jevse.energy.manager.EnergyManagerFile;
import org.jevse.energy.mqtt.MosquittoProcess;
import org.jevse.energy.mqtt.MqttLink;
import org.jevse.evse.app.SimulatedCharger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Real chargers (the core on the simulated board, real time) with their energy leaves, the energy manager and a
 * real Mosquitto: the lease reaches the PWM, a cut reaches every charger's offered current, and the sum of what
 * the chargers offer never exceeds the site.
 */
class ChargerTreeBrokerTest {

    MosquittoProcess broker;
    EnergyManager manager;
    final List<ChargerRig> rigs = new ArrayList<>();
    MqttLink api;

    @AfterEach
    void stop() {
        rigs.forEach(ChargerRig::close);
        if (api != null) {
            api.close();
        }
        if (manager != null) {
            manager.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void leasesDriveThePwmAndACutReachesEveryChargerWithinOneRoundTrip() throws Exception {
        broker = BrokerTests.startBroker();
        manager = new EnergyManager(EnergyManagerFile.parse("""
                broker_url: %s
                topic_prefix: it/site
                valid_for_s: 5
                activation_window_s: 0
                switch_on_hysteresis_s: 0
                nodes:
                  - {id: site, limits_A: [32, 32, 32]}
                chargers:
                  - {id: cp1, node: site, rotation: L123}
                  - {id: cp2, node: site, rotation: L231}
                """.formatted(broker.url()), "it"), new SystemTimeSource());
        manager.start();
        for (String id : List.of("cp1", "cp2")) {
            var cfg = ChargerRig.config(id, broker.url(), "it/site", 0,
                    "plugin; sleep 1; auth DEMO-TAG; draw_power_regulated 32,3; sleep 40; unplug");
            rigs.add(new ChargerRig(id, cfg, SimulatedCharger.Pace.REAL).startInBackground());
        }
        long start = System.nanoTime();
        assertTrue(BrokerTests.await(30_000, () -> rigs.stream().allMatch(r -> r.offered() == 16.0)),
                "both chargers offer their 16 A share: " + offers());

        api = new MqttLink(broker.url(), "it-api", "", "", null);
        api.start();
        assertTrue(BrokerTests.await(10_000, api::isConnected));
        long cut = System.nanoTime();
        api.publish("it/site/charge_manager/available_current_update",
                "{\"current\": 12000}".getBytes(StandardCharsets.UTF_8), 1, false, 0);
        assertTrue(BrokerTests.await(10_000, () -> rigs.stream().allMatch(r -> r.offered() <= 6.0)),
                "both at their 6 A minimum after the cut to 12 A: " + offers());
        long safe = rigs.stream().mapToLong(r -> r.offer.get().sinceNanos()).max().orElse(cut);
        System.out.printf("end to end, available_current_update -> every PWM within its new allocation: %.1f ms%n",
                (safe - cut) / 1e6);
        assertTrue(ChargerRig.maxSum(rigs, start) <= 32.0, "never above the site: " + ChargerRig.maxSum(rigs, start));
        // Every raise after the cut was safe: from the instant the cut was applied, Σ offered ≤ 12 A.
        assertTrue(ChargerRig.maxSum(rigs, safe) <= 12.0, "after the cut: " + ChargerRig.maxSum(rigs, safe));
    }

    private String offers() {
        StringBuilder b = new StringBuilder();
        for (ChargerRig r : rigs) {
            b.append(r.id).append('=').append(r.offered()).append(' ');
        }
        return b.toString();
    }
}
