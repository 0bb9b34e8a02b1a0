package org.jevse.energy.mqtt;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.jevse.energy.alloc.LeafState;
import org.jevse.energy.leaf.LeafProtocol;

/** A charger for leaf tests: applies every grant at once and keeps a log of what it was allowed to draw. */
final class FakeCharger implements EnergyLeaf.Port {

    /** One applied grant: from {@code atMs} the charger may draw {@code currentMa} until {@code untilMs}. */
    record Applied(long atMs, int currentMa, int phases, long untilMs) {
    }

    final String id;
    private final LongSupplier clock;
    private final int failsafeMa;
    volatile LeafState state = LeafState.CHARGING;
    volatile int maxMa = 32000;
    private final List<Applied> log = new ArrayList<>();

    FakeCharger(String id, LongSupplier clock, int failsafeMa) {
        this.id = id;
        this.clock = clock;
        this.failsafeMa = failsafeMa;
    }

    @Override
    public LeafProtocol.Report report() {
        int drawn = state == LeafState.CHARGING ? effectiveAt(clock.getAsLong()) : 0;
        return new LeafProtocol.Report(state, 6000, maxMa, 3, List.of(3), false, new int[] {drawn, drawn, drawn},
                drawn * 3 * 0.23, 0, 0);
    }

    @Override
    public synchronized void apply(int currentMa, int phases, long validForMs, Runnable applied) {
        long now = clock.getAsLong();
        log.add(new Applied(now, currentMa, phases, now + validForMs));
        applied.run();
    }

    synchronized List<Applied> log() {
        return List.copyOf(log);
    }

    /** What the charger may draw at {@code t}: the last grant before t while its lease runs, else the fail-safe. */
    synchronized int effectiveAt(long t) {
        Applied last = null;
        for (Applied a : log) {
            if (a.atMs() <= t) {
                last = a;
            }
        }
        return last != null && t < last.untilMs() ? last.currentMa() : failsafeMa;
    }

    synchronized long lastLeaseEnd() {
        return log.isEmpty() ? Long.MIN_VALUE : log.get(log.size() - 1).untilMs();
    }
}
