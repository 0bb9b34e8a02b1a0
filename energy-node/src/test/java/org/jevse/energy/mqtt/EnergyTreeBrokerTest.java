package org.jevse.energy.mqtt;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jevse.board.time.SystemTimeSource;
import org.jevse.board.time.TimeSource;
import org.jevse.energy.manager.EnergyManager;
import org.jevse.energy.manager.EnergyManagerFile;
import org.jevse.energy.wire.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The energy tree over a real Mosquitto on a loopback port: a manager and leaves with fake chargers in one JVM.
 * Leases are 2 s here so the fault tests run in seconds. Waits are bounded; nothing asserts on timing.
 */
class EnergyTreeBrokerTest {

    static final int LEASE_S = 2;
    final TimeSource time = new SystemTimeSource();
    MosquittoProcess broker;
    EnergyManager manager;
    final List<EnergyLeaf> leaves = new ArrayList<>();
    final List<FakeCharger> chargers = new ArrayList<>();
    final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void broker() throws Exception {
        broker = BrokerTests.startBroker();
    }

    @AfterEach
    void stop() {
        for (EnergyLeaf l : leaves) {
            l.close();
        }
        if (manager != null) {
            manager.close();
        }
        for (AutoCloseable c : toClose) {
            try {
                c.close();
            } catch (Exception e) {
                // best effort
            }
        }
        if (broker != null) {
            broker.close();
        }
    }

    EnergyManagerFile config(int siteA, int n) {
        StringBuilder y = new StringBuilder();
        y.append("broker_url: ").append(broker.url()).append('\n');
        y.append("topic_prefix: test/site\ncycle_ms: 200\nvalid_for_s: ").append(LEASE_S).append('\n');
        y.append("transit_margin_ms: 500\nactivation_window_s: 0\nswitch_on_hysteresis_s: 0\n");
        y.append("nodes:\n  - id: site\n    limits_A: [").append(siteA).append(", ").append(siteA).append(", ")
                .append(siteA).append("]\n");
        y.append("chargers:\n");
        for (int i = 1; i <= n; i++) {
            y.append("  - {id: cp").append(i).append(", node: site, rotation: L123}\n");
        }
        return EnergyManagerFile.parse(y.toString(), "test");
    }

    void startLeaves(int n) {
        Topics topics = new Topics("test/site");
        for (int i = 1; i <= n; i++) {
            FakeCharger c = new FakeCharger("cp" + i, time::monotonicMs, 0);
            MqttLink link = new MqttLink(broker.url(), "leaf-cp" + i, "", "", null);
            EnergyLeaf leaf = new EnergyLeaf("cp" + i, topics, 0, time, link, c, 200);
            chargers.add(c);
            leaves.add(leaf);
            leaf.start();
        }
    }

    MqttLink integrator() throws InterruptedException {
        MqttLink link = new MqttLink(broker.url(), "integrator", "", "", null);
        toClose.add(link);
        link.start();
        assertTrue(BrokerTests.await(10_000, link::isConnected), "integrator connects");
        return link;
    }

    boolean allAt(int ma) {
        long now = time.monotonicMs();
        return chargers.stream().allMatch(c -> c.effectiveAt(now) == ma);
    }

    long sumAt(long t) {
        return chargers.stream().mapToLong(c -> c.effectiveAt(t)).sum();
    }

    /** Σ of what the chargers may draw, at every instant one of them changed, from {@code fromMs} on. */
    long maxSumFrom(long fromMs) {
        TreeSet<Long> instants = new TreeSet<>();
        for (FakeCharger c : chargers) {
            for (FakeCharger.Applied a : c.log()) {
                instants.add(a.atMs());
                instants.add(a.untilMs());
            }
        }
        long max = 0;
        for (long t : instants.tailSet(fromMs)) {
            max = Math.max(max, sumAt(t));
        }
        return max;
    }

    @Test
    void sharesTheSiteAndCutsAtOnceOnAnAvailableCurrentUpdate() throws Exception {
        manager = new EnergyManager(config(32, 3), time);
        manager.start();
        startLeaves(3);
        assertTrue(BrokerTests.await(15_000, () -> allAt(10666)), "every leaf at 32/3 A: " + effective());
        assertTrue(maxSumFrom(0) <= 32000, "never above the site limit: " + maxSumFrom(0));

        MqttLink api = integrator();
        ConcurrentHashMap<String, String> seen = new ConcurrentHashMap<>();
        api.subscribe("test/site/charge_manager/#", (topic, payload, expiry) ->
                seen.put(topic, new String(payload, StandardCharsets.UTF_8)));
        long cutAt = time.monotonicMs();
        api.publish("test/site/charge_manager/available_current_update",
                "{\"current\": 12000}".getBytes(StandardCharsets.UTF_8), 1, false, 0);
        AtomicLong safeAt = new AtomicLong();
        assertTrue(BrokerTests.await(10_000, () -> {
            long now = time.monotonicMs();
            boolean safe = chargers.stream().mapToLong(c -> c.effectiveAt(now)).sum() <= 12000;
            if (safe) {
                safeAt.compareAndSet(0, now);
            }
            return safe;
        }), "the cut is applied: " + effective());
        System.out.println("cut to safe through Mosquitto: " + (safeAt.get() - cutAt) + " ms");
        // After the cut: two leaves at their 6 A minimum, one off; every raise after the cut respected 12 A.
        assertTrue(BrokerTests.await(10_000, () -> chargers.stream().filter(c -> c.effectiveAt(time.monotonicMs()) == 6000).count() == 2),
                effective());
        for (FakeCharger c : chargers) {
            for (FakeCharger.Applied a : c.log()) {
                if (a.atMs() > safeAt.get()) {
                    assertTrue(sumAt(a.atMs()) <= 12000, "raise at " + a + " exceeded the cut: " + sumAt(a.atMs()));
                }
            }
        }
        assertTrue(BrokerTests.await(5_000, () -> "{\"current\":12000}".equals(seen.get("test/site/charge_manager/available_current"))),
                "retained available_current state: " + seen);
        assertTrue(BrokerTests.await(5_000, () -> String.valueOf(seen.get("test/site/charge_manager/state")).contains("\"leaf_id\":\"cp3\"")),
                "state lists the chargers: " + seen.get("test/site/charge_manager/state"));
        // A bare number above maximum_available_current is clamped to it (the site's 32 A).
        api.publish("test/site/charge_manager/available_current_update", "99000".getBytes(StandardCharsets.UTF_8), 1,
                false, 0);
        assertTrue(BrokerTests.await(5_000, () -> "{\"current\":32000}".equals(seen.get("test/site/charge_manager/available_current"))),
                "clamped: " + seen.get("test/site/charge_manager/available_current"));
        assertTrue(BrokerTests.await(15_000, () -> allAt(10666)), "back to 32/3 A: " + effective());
    }

    @Test
    void malformedAndWrongVersionPayloadsOnEveryTopicAreIgnored() throws Exception {
        manager = new EnergyManager(config(32, 2), time);
        manager.start();
        startLeaves(2);
        assertTrue(BrokerTests.await(15_000, () -> allAt(16000)), effective());
        MqttLink api = integrator();
        List<String> garbage = List.of("", "not json", "{}", "[1,2]", "{\"v\":2,\"leaf_id\":\"cp1\"}",
                "{\"v\":1,\"leaf_id\":\"cp1\",\"seq\":1}", "\u0000\u00ff", "{\"current\": \"lots\"}", "-1");
        List<String> topics = List.of("test/site/energy/cp1/status", "test/site/energy/cp2/allocation",
                "test/site/energy/nobody/status", "test/site/charge_manager/available_current_update");
        for (String topic : topics) {
            for (String g : garbage) {
                api.publish(topic, g.getBytes(StandardCharsets.ISO_8859_1), 0, false, 0);
            }
        }
        // A grant for another leaf on cp1's topic, and a valid grant of a newer version: both ignored.
        api.publish("test/site/energy/cp1/allocation", ("{\"v\":1,\"leaf_id\":\"cp2\",\"epoch\":\"x\",\"seq\":99,"
                + "\"current_ma\":32000,\"phases\":3,\"valid_for\":10,\"reason\":\"fair_share\",\"detail\":\"\"}")
                .getBytes(StandardCharsets.UTF_8), 0, false, 0);
        api.publish("test/site/energy/cp1/allocation", ("{\"v\":2,\"leaf_id\":\"cp1\",\"epoch\":\"x\",\"seq\":99,"
                + "\"current_ma\":32000,\"phases\":3,\"valid_for\":10,\"reason\":\"fair_share\",\"detail\":\"\"}")
                .getBytes(StandardCharsets.UTF_8), 0, false, 0);
        assertTrue(BrokerTests.await(10_000, () -> manager.ignoredPayloads() >= 2 * garbage.size() - 1
                && leaves.get(0).ignoredPayloads() >= 2 && leaves.get(1).ignoredPayloads() >= garbage.size()),
                "manager ignored " + manager.ignoredPayloads() + ", cp1 " + leaves.get(0).ignoredPayloads() + ", cp2 "
                        + leaves.get(1).ignoredPayloads());
        // Still working: nobody ever went above its share, and a valid update is still obeyed.
        assertTrue(maxSumFrom(0) <= 32000, "never above 32 A: " + maxSumFrom(0));
        api.publish("test/site/charge_manager/available_current_update", "{\"current\": 20000}".getBytes(StandardCharsets.UTF_8), 1, false, 0);
        assertTrue(BrokerTests.await(10_000, () -> allAt(10000)), effective());
    }

    @Test
    void aMessageWithAValueOutOfItsRangeIsDroppedWithOneLineNamingTopicFieldAndRange() throws Exception {
        manager = new EnergyManager(config(32, 2), time);
        manager.start();
        startLeaves(2);
        assertTrue(BrokerTests.await(15_000, () -> allAt(16000)), effective());
        try (LogLines managerLog = new LogLines(EnergyManager.class); LogLines leafLog = new LogLines(EnergyLeaf.class)) {
            MqttLink api = integrator();
            api.publish("test/site/energy/cp1/status", ("{\"v\":1,\"leaf_id\":\"cp1\",\"seq\":1,\"state\":\"charging\","
                    + "\"min_ma\":[6000,6000,6000],\"max_ma\":[32000,32000,32000],"
                    + "\"phases\":{\"in_use\":3,\"possible\":[3],\"can_switch_now\":false},"
                    + "\"measured_ma\":[-100000,0,0],\"power_w\":0.0,\"energy_wh\":0.0,\"session_energy_wh\":0.0,"
                    + "\"failsafe_ma\":0,\"applied\":null,\"urgent\":true}").getBytes(StandardCharsets.UTF_8), 0, false, 0);
            api.publish("test/site/energy/cp2/allocation", ("{\"v\":1,\"leaf_id\":\"cp2\",\"epoch\":\"x\",\"seq\":99,"
                    + "\"current_ma\":32000,\"phases\":3,\"valid_for\":10,\"reason\":\"because\",\"detail\":\"\"}")
                    .getBytes(StandardCharsets.UTF_8), 0, false, 0);
            api.publish("test/site/charge_manager/available_current_update", "{\"current\": -1}"
                    .getBytes(StandardCharsets.UTF_8), 0, false, 0);
            assertTrue(BrokerTests.await(10_000, () -> managerLog.any("energy manager: ignored payload on"
                    + " test/site/energy/cp1/status: measured_ma[0] is -100000; allowed: -1 (no meter) or 0 to"
                    + " 1000000 mA") && managerLog.any("energy manager: ignored payload on"
                    + " test/site/charge_manager/available_current_update: current is -1; allowed: a whole number of"
                    + " mA from 0") && leafLog.any("energy leaf cp2: ignored payload on test/site/energy/cp2/allocation:"
                    + " reason is \"because\"; allowed: fair_share, fuse,")),
                    "manager: " + managerLog.lines() + "\nleaf: " + leafLog.lines());
        }
        // The tree carries on: nobody above its share, and both leaves still at 16 A.
        assertTrue(maxSumFrom(0) <= 32000, "never above 32 A: " + maxSumFrom(0));
        assertTrue(BrokerTests.await(5_000, () -> allAt(16000)), effective());
    }

    @Test
    void brokerKilledMidCharge_everyLeafAtFailsafeWithinItsLease_noOvershootWhenItReturns() throws Exception {
        manager = new EnergyManager(config(32, 2), time);
        manager.start();
        startLeaves(2);
        assertTrue(BrokerTests.await(15_000, () -> allAt(16000)), effective());
        long killedAt = time.monotonicMs();
        broker.kill();
        // No grant can arrive now: every lease ends at most LEASE_S after the kill, then the fail-safe (0 A) holds.
        for (FakeCharger c : chargers) {
            assertTrue(c.lastLeaseEnd() <= killedAt + LEASE_S * 1000L + 50, c.id + " lease ends " + (c.lastLeaseEnd() - killedAt) + " ms after the kill");
        }
        assertTrue(BrokerTests.await(LEASE_S * 1000L + 2000, () -> allAt(0)), "at fail-safe: " + effective());
        Thread.sleep(500); // the outage outlasts the leases
        broker.restart();
        assertTrue(BrokerTests.await(20_000, () -> allAt(16000)), "charging again after the broker returned: " + effective());
        assertTrue(maxSumFrom(0) <= 32000, "never above the site limit: " + maxSumFrom(0));
    }

    @Test
    void parentKilledAndRestarted_noLeafAboveItsLastSafeAllocation() throws Exception {
        manager = new EnergyManager(config(32, 3), time);
        manager.start();
        startLeaves(2);
        assertTrue(BrokerTests.await(15_000, () -> chargers.stream().allMatch(c -> c.effectiveAt(time.monotonicMs()) == 16000)),
                effective());
        manager.kill();
        // A new instance at once, while the old leases still run; a third leaf now wants current too.
        manager = new EnergyManager(config(32, 3), time);
        manager.start();
        startLeaves3rd();
        assertTrue(BrokerTests.await(20_000, () -> allAt(10666)), "shared by three under the new parent: " + effective());
        assertTrue(maxSumFrom(0) <= 32000, "never above the site limit across the restart: " + maxSumFrom(0));
    }

    private void startLeaves3rd() {
        Topics topics = new Topics("test/site");
        FakeCharger c = new FakeCharger("cp3", time::monotonicMs, 0);
        MqttLink link = new MqttLink(broker.url(), "leaf-cp3", "", "", null);
        EnergyLeaf leaf = new EnergyLeaf("cp3", topics, 0, time, link, c, 200);
        chargers.add(c);
        leaves.add(leaf);
        leaf.start();
    }

    private String effective() {
        long now = time.monotonicMs();
        StringBuilder b = new StringBuilder();
        for (FakeCharger c : chargers) {
            b.append(c.id).append('=').append(c.effectiveAt(now)).append(' ');
        }
        return b.toString().trim();
    }
}
