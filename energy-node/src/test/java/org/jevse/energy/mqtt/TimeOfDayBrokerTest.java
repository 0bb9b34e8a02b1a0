package org.jevse.energy.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
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
 * Priorities and a time-of-day limit through the real manager, a real Mosquitto and two leaves with fake
 * chargers. The manager's wall clock is the system's moved to 13:00:50 UTC once both charge, so the site's
 * window (10 A from 13:01) starts ten real seconds later. Waits are bounded; nothing asserts on timing: the check
 * is on what the chargers were allowed to draw by the grants they applied, at every instant from the boundary on.
 */
class TimeOfDayBrokerTest {

    private static final long BOUNDARY_WALL = LocalDateTime.parse("2026-12-02T13:01:00")
            .toInstant(ZoneOffset.UTC).toEpochMilli();

    private final SystemTimeSource system = new SystemTimeSource();
    private final AtomicLong wallOffset = new AtomicLong(
            LocalDateTime.parse("2026-12-02T09:00:00").toInstant(ZoneOffset.UTC).toEpochMilli()
                    - System.currentTimeMillis());
    private final TimeSource time = new TimeSource() {
        @Override
        public long monotonicMs() {
            return system.monotonicMs();
        }

        @Override
        public long wallMs() {
            return system.wallMs() + wallOffset.get();
        }
    };
    private MosquittoProcess broker;
    private EnergyManager manager;
    private final List<EnergyLeaf> leaves = new ArrayList<>();
    private final List<FakeCharger> chargers = new ArrayList<>();

    @BeforeEach
    void broker() throws Exception {
        broker = BrokerTests.startBroker();
    }

    @AfterEach
    void stop() {
        leaves.forEach(EnergyLeaf::close);
        if (manager != null) {
            manager.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void theHigherPriorityIsFilledFirstAndTheWindowHoldsFromItsFirstInstant() throws Exception {
        manager = new EnergyManager(EnergyManagerFile.parse("broker_url: " + broker.url() + "\n"
                + "topic_prefix: test/tod\ncycle_ms: 200\nvalid_for_s: 2\ntransit_margin_ms: 1500\n"
                + "activation_window_s: 0\nswitch_on_hysteresis_s: 0\ntime_zone: UTC\n"
                + "nodes:\n  - id: site\n    limits_A: [32, 32, 32]\n    schedule:\n"
                + "      - {from: '13:01', to: '14:00', limits_A: [10, 10, 10]}\n"
                + "chargers:\n  - {id: hi, node: site, rotation: L123, priority: 5}\n"
                + "  - {id: lo, node: site, rotation: L123}\n", "test"), time);
        manager.start();
        Topics topics = new Topics("test/tod");
        for (String id : List.of("hi", "lo")) {
            FakeCharger c = new FakeCharger(id, time::monotonicMs, 0);
            EnergyLeaf leaf = new EnergyLeaf(id, topics, 0, time, new MqttLink(broker.url(), "leaf-" + id, "", "",
                    null), c, 200);
            chargers.add(c);
            leaves.add(leaf);
            leaf.start();
        }
        // 32 A: hi (priority 5) is filled to its 32 A request before lo gets more than its 6 A minimum.
        assertTrue(BrokerTests.await(15_000, () -> at("hi") == 26_000 && at("lo") == 6_000),
                "hi 26 A, lo 6 A: " + at("hi") + ", " + at("lo"));

        wallOffset.set(BOUNDARY_WALL - 10_000 - System.currentTimeMillis()); // the clock reads 13:00:50
        long boundary = time.monotonicMs() + 10_000 - 50; // checked from a little before 13:01
        // 10 A from 13:01: both minimums no longer fit, so the lower priority is shed and hi takes the 10 A.
        assertTrue(BrokerTests.await(20_000, () -> time.monotonicMs() > boundary + 3_000
                && at("hi") == 10_000 && at("lo") == 0), "hi 10 A, lo 0 A: " + at("hi") + ", " + at("lo"));
        assertEquals(10_000, maxSumFrom(boundary), "what the chargers may draw by their leases from 13:01 on");
    }

    private int at(String id) {
        long now = time.monotonicMs();
        return chargers.stream().filter(c -> c.id.equals(id)).findFirst().orElseThrow().effectiveAt(now);
    }

    /** Σ of what the chargers may draw, at the boundary and at every instant one of them changed after it. */
    private long maxSumFrom(long fromMs) {
        TreeSet<Long> instants = new TreeSet<>();
        instants.add(fromMs);
        for (FakeCharger c : chargers) {
            for (FakeCharger.Applied a : c.log()) {
                instants.add(a.atMs());
                instants.add(a.untilMs());
            }
        }
        long max = 0;
        for (long t : instants.tailSet(fromMs)) {
            long t0 = t;
            max = Math.max(max, chargers.stream().mapToLong(c -> c.effectiveAt(t0)).sum());
        }
        return max;
    }
}
