package org.jevse.energy.leaf;

import java.util.List;
import org.jevse.energy.alloc.LeafState;
import org.jevse.energy.wire.BadPayload;
import org.jevse.energy.wire.LeafAllocation;
import org.jevse.energy.wire.LeafStatus;
import org.jevse.energy.wire.Ranges;
import org.jevse.energy.wire.Wire;

/**
 * The leaf's side of the energy-tree contract, pure (no I/O, no threads, time comes in as an argument): which
 * grants to hand to the charger, when to acknowledge, and what to report. The MQTT adapter
 * ({@code org.jevse.energy.mqtt.EnergyLeaf}) and the fleet simulation both run this one class.
 *
 * <p>Not thread-safe: its owner calls it from one thread.
 */
public final class LeafProtocol {

    /** What the charger reports. */
    public record Report(LeafState state, int minMa, int maxMa, int phasesInUse, List<Integer> possiblePhases,
                         boolean canSwitchNow, int[] measuredMa, double powerW, double energyWh,
                         double sessionEnergyWh) {
    }

    /**
     * A grant to hand to the charger as a lease.
     *
     * @param validForMs   the lease, counted from {@code receivedAtMs} on the leaf's monotonic clock
     * @param reason       the parent's reason code for this grant (fair_share, fuse, ...)
     * @param detail       the limit behind the reason, e.g. "fuse L2 of node garage"
     * @param changed      it differs from what the charger applies now (or that lease has run out): the charger's
     *                     taking it must be acknowledged at once, because the parent holds raises for others until then
     */
    public record Grant(String epoch, long seq, int currentMa, int phases, long validForMs, long receivedAtMs,
                        String reason, String detail, boolean changed) {
    }

    private final String leafId;
    private final int failsafeMa;
    private long statusSeq;
    private String epoch;
    private long lastSeq;
    private Grant applied;
    private long leaseUntilMs = Long.MIN_VALUE;

    public LeafProtocol(String leafId, int failsafeMa) {
        this.leafId = leafId;
        this.failsafeMa = failsafeMa;
    }

    public String leafId() {
        return leafId;
    }

    /**
     * A grant has arrived.
     *
     * @param expirySeconds the MQTT message expiry left when it was delivered, or -1 if none
     * @return the grant to hand to the charger, or null if it is to be dropped: older than or the same as one
     *         already seen from this parent instance (e.g. the retained copy after a reconnect), or expired
     * @throws BadPayload if it is addressed to another leaf
     */
    public Grant onAllocation(LeafAllocation a, long expirySeconds, long nowMs) throws BadPayload {
        if (!a.leafId().equals(leafId)) {
            throw new BadPayload("leaf_id " + a.leafId() + " is not this leaf");
        }
        if (a.epoch().equals(epoch) && a.seq() <= lastSeq) {
            return null;
        }
        long validForMs = a.validFor() * 1000L;
        if (expirySeconds >= 0) {
            // The broker counts the expiry down while it holds the message: a stale retained grant gets less.
            validForMs = Math.min(validForMs, expirySeconds * 1000L);
        }
        if (validForMs <= 0) {
            return null;
        }
        epoch = a.epoch();
        lastSeq = a.seq();
        boolean changed = applied == null || a.currentMa() != applied.currentMa() || a.phases() != applied.phases()
                || !a.epoch().equals(applied.epoch()) || nowMs >= leaseUntilMs;
        return new Grant(a.epoch(), a.seq(), a.currentMa(), a.phases(), validForMs, nowMs, a.reason(), a.detail(),
                changed);
    }

    /**
     * The charger has taken {@code g}. The lease is counted from receipt, not from now, so the leaf never thinks
     * it runs longer than the charger's own expiry.
     *
     * @return true if the parent must be told at once (the acknowledgement of a change)
     */
    public boolean applied(Grant g) {
        applied = g;
        leaseUntilMs = g.receivedAtMs() + g.validForMs();
        return g.changed();
    }

    /**
     * The status document for what the charger reports now. A reading outside the contract's ranges (a meter's
     * negative glitch, a NaN energy) is reported at the nearest bound: the parent would reject the whole status,
     * and a leaf that is not heard loses its share.
     */
    public LeafStatus status(Report r, long nowMs, boolean urgent) {
        LeafStatus.Applied ack = applied != null && nowMs < leaseUntilMs
                ? new LeafStatus.Applied(applied.epoch(), applied.seq(), applied.currentMa(), applied.phases(),
                        Math.min(leaseUntilMs - nowMs, Ranges.MAX_VALID_FOR_S * 1000L))
                : null;
        int min = ma(r.minMa());
        int max = ma(r.maxMa());
        int[] measured = new int[3];
        for (int p = 0; p < 3; p++) {
            int m = r.measuredMa()[p];
            measured[p] = m == -1 ? -1 : ma(m); // -1: no meter
        }
        int inUse = r.phasesInUse() == 1 || r.phasesInUse() == 3 ? r.phasesInUse() : 0;
        return new LeafStatus(Wire.VERSION, leafId, ++statusSeq, LeafStatus.wireName(r.state()),
                new int[] {min, min, min}, new int[] {max, max, max},
                new LeafStatus.Phases(inUse, r.possiblePhases(), r.canSwitchNow()), measured,
                bounded(r.powerW(), Ranges.MAX_POWER_W), bounded(r.energyWh(), Ranges.MAX_ENERGY_WH),
                bounded(r.sessionEnergyWh(), Ranges.MAX_ENERGY_WH), failsafeMa, ack, urgent);
    }

    private static int ma(int v) {
        return Math.max(0, Math.min(v, Ranges.MAX_MA));
    }

    private static double bounded(double v, double max) {
        return Double.isNaN(v) ? 0 : Math.max(0, Math.min(v, max));
    }
}
