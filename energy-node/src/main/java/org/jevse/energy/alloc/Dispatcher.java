package org.jevse.energy.alloc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Rolls allocations out so that the hard rule holds at every instant, not just between cycles: for every node and
 * phase, the sum of what each leaf <em>may</em> be drawing stays within the limit.
 *
 * <p>What a leaf may draw is bounded by every grant it may have applied: the last one it acknowledged and any
 * newer one in flight, each until its lease runs out, and its fail-safe current. So a reduction can go out at
 * once (it adds nothing to the bound), while a raise goes out only when the bound with it still fits, i.e. after
 * the reductions it depends on have been acknowledged or their leases have expired. A raise that does not fit yet
 * is replaced by a hold that is no higher than what the leaf may already draw, which keeps its lease alive.
 *
 * <p>Lease accounting is on the parent's monotonic clock: a grant sent at t counts until
 * t + valid_for + transit margin. The leaf counts valid_for from when it received the grant, which is later, and
 * the MQTT message expiry (= valid_for) keeps the broker from delivering a grant older than that; the margin
 * covers the time from publish to the broker.
 */
public final class Dispatcher {

    /** One grant to send: what the leaf shall apply, with its sequence number. */
    public record Grant(String leafId, long seq, int currentMa, int phases, Reason reason, String detail,
                        boolean held) {
    }

    private record Sent(long seq, int currentMa, int mask, long expiresAt) {
    }

    private static final class LeafBook {
        final String id;
        final int node;
        final PhaseRotation rotation;
        final List<Sent> live = new ArrayList<>();
        long ackedSeq = -1;
        long nextSeq = 1;
        int failsafeMa;
        boolean heard;
        int startupMa;
        int lastPhases;
        final long validForMs;
        final long startupUntilMs;

        LeafBook(String id, int node, PhaseRotation rotation, int startupMa, long validForMs, long startupUntilMs) {
            this.id = id;
            this.node = node;
            this.rotation = rotation;
            this.startupMa = startupMa;
            this.validForMs = validForMs;
            this.startupUntilMs = startupUntilMs;
        }
    }

    private final Tree tree;
    private final long validForMs;
    private final long marginMs;
    private final long startMs;
    private final long startupUntilMs;
    private final Map<String, LeafBook> leaves = new HashMap<>();

    /**
     * @param startMs when this manager started: leaves not heard from by then + valid_for + margin may still hold
     *                a lease from a previous manager instance, and count at their startup current until then
     */
    public Dispatcher(Tree tree, long validForMs, long marginMs, long startMs) {
        this.tree = tree;
        this.validForMs = validForMs;
        this.marginMs = marginMs;
        this.startMs = startMs;
        this.startupUntilMs = startMs + validForMs + marginMs;
    }

    public long validForMs() {
        return validForMs;
    }

    /**
     * Declares a leaf.
     *
     * @param startupMa what it may draw per phase (on all phases) until heard from or until a previous manager's
     *                  lease must have run out; its configured maximum is the safe choice
     */
    public void register(String leafId, String nodeId, PhaseRotation rotation, int startupMa) {
        register(leafId, nodeId, rotation, startupMa, validForMs);
    }

    /**
     * Declares a leaf whose grants live {@code leafValidForMs} instead of the manager's lease: an OCPP charger's
     * grant is a charging profile whose schedule ends after its own lease, and it counts for exactly that long.
     */
    public void register(String leafId, String nodeId, PhaseRotation rotation, int startupMa, long leafValidForMs) {
        int nd = tree.indexOf(nodeId);
        if (nd < 0) {
            throw new IllegalArgumentException("leaf " + leafId + ": unknown node " + nodeId);
        }
        leaves.put(leafId, new LeafBook(leafId, nd, rotation, startupMa, leafValidForMs,
                startMs + leafValidForMs + marginMs));
    }

    public boolean known(String leafId) {
        return leaves.containsKey(leafId);
    }

    /** The leaf has applied grant {@code seq} of this manager (grants before it are superseded). */
    public void onAck(String leafId, long seq) {
        LeafBook b = leaves.get(leafId);
        if (b != null && seq > b.ackedSeq && seq < b.nextSeq) {
            b.ackedSeq = seq;
        }
    }

    /**
     * The leaf reported a status. If it applies a grant from another manager instance (before a restart), that
     * grant counts until its remaining lease (plus margin) runs out.
     */
    public void onHeard(String leafId, int failsafeMa, boolean foreignLease, int currentMa, int phases,
                        long remainingMs, long nowMs) {
        LeafBook b = leaves.get(leafId);
        if (b == null) {
            return;
        }
        b.heard = true;
        b.failsafeMa = Math.max(0, failsafeMa);
        if (foreignLease && currentMa > 0 && remainingMs > 0) {
            b.live.add(new Sent(-1, currentMa, b.rotation.mask(Math.max(1, phases)) | 0b111,
                    nowMs + remainingMs + marginMs));
        }
    }

    /**
     * What each leaf may draw now, per node and phase ([node * 3 + phase], mA): the quantity the hard rule bounds.
     */
    public long[] committed(long nowMs) {
        long[] sum = new long[tree.size() * 3];
        int[] cost = new int[3];
        for (LeafBook b : leaves.values()) {
            bound(b, nowMs, cost);
            for (int a : tree.path(b.node)) {
                for (int p = 0; p < 3; p++) {
                    sum[a * 3 + p] += cost[p];
                }
            }
        }
        return sum;
    }

    /** What one leaf may draw now, per grid phase. */
    public int[] committed(String leafId, long nowMs) {
        int[] cost = new int[3];
        LeafBook b = leaves.get(leafId);
        if (b != null) {
            bound(b, nowMs, cost);
        }
        return cost;
    }

    /**
     * Turns targets into grants to send now. Every target yields a grant (it renews the lease). A grant that is no
     * higher on any phase than the least the leaf may be drawing now is a reduction and goes out at once; any
     * other grant is a raise and goes out only if the bound with it still fits under every limit on its path.
     * A raise that does not fit yet is sent as a hold (a reduction), flagged {@code held}, and retried at the next
     * call.
     */
    public List<Grant> dispatch(long nowMs, int[][] limits, List<Allocation> targets) {
        long[] sum = committed(nowMs);
        List<Grant> grants = new ArrayList<>(targets.size());
        List<Allocation> raises = new ArrayList<>();
        int[] upper = new int[3];
        int[] lower = new int[3];
        for (Allocation t : targets) {
            LeafBook b = leaves.get(t.leafId());
            if (b == null) {
                continue;
            }
            bounds(b, nowMs, upper, lower);
            int mask = b.rotation.mask(t.phases());
            if (t.currentMa() == 0 || coveredBy(mask, t.currentMa(), lower)) {
                grants.add(send(b, t.currentMa(), t.phases(), t.reason(), t.detail(), false, nowMs));
            } else {
                raises.add(t);
            }
        }
        // Smallest raises first: more leaves get going when only part of the headroom is free.
        raises.sort(Comparator.comparingInt(Allocation::currentMa).thenComparing(Allocation::leafId));
        for (Allocation t : raises) {
            LeafBook b = leaves.get(t.leafId());
            bounds(b, nowMs, upper, lower);
            int mask = b.rotation.mask(t.phases());
            if (fits(b.node, mask, t.currentMa(), upper, sum, limits)) {
                for (int a : tree.path(b.node)) {
                    for (int p = 0; p < 3; p++) {
                        if ((mask & (1 << p)) != 0 && t.currentMa() > upper[p]) {
                            sum[a * 3 + p] += t.currentMa() - upper[p];
                        }
                    }
                }
                grants.add(send(b, t.currentMa(), t.phases(), t.reason(), t.detail(), false, nowMs));
            } else {
                // Hold: no higher on any phase than the least the leaf may be drawing now.
                int hold = t.currentMa();
                for (int p = 0; p < 3; p++) {
                    if ((mask & (1 << p)) != 0) {
                        hold = Math.min(hold, lower[p]);
                    }
                }
                grants.add(send(b, hold, t.phases(), Reason.WAITING_FOR_REDUCTIONS, t.reason().wire(), true, nowMs));
            }
        }
        return grants;
    }

    /** True while this manager may not know every lease a previous instance granted. */
    public boolean inStartup(long nowMs) {
        return nowMs < startupUntilMs;
    }

    /** The raise fits if, with it, the bound stays within every limit on the path (over-committed: never). */
    private boolean fits(int node, int mask, int amps, int[] upper, long[] sum, int[][] limits) {
        for (int a : tree.path(node)) {
            for (int p = 0; p < 3; p++) {
                if ((mask & (1 << p)) != 0 && sum[a * 3 + p] + Math.max(0, amps - upper[p]) > limits[a][p]) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean coveredBy(int mask, int amps, int[] cost) {
        for (int p = 0; p < 3; p++) {
            if ((mask & (1 << p)) != 0 && amps > cost[p]) {
                return false;
            }
        }
        return true;
    }

    private Grant send(LeafBook b, int currentMa, int phases, Reason reason, String detail, boolean held,
                       long nowMs) {
        long seq = b.nextSeq++;
        b.live.add(new Sent(seq, currentMa, b.rotation.mask(phases), nowMs + b.validForMs + marginMs));
        b.lastPhases = phases;
        return new Grant(b.id, seq, currentMa, phases, reason, detail, held);
    }

    private void bound(LeafBook b, long nowMs, int[] cost) {
        bounds(b, nowMs, cost, new int[3]);
    }

    /**
     * {@code upper}: the most the leaf may be drawing per grid phase (any live grant, its fail-safe, and before it
     * was heard after a restart its startup current). {@code lower}: the least it may be drawing. A grant is in
     * force at the leaf for sure while the acknowledged one (or a reported foreign one) cannot have expired there
     * yet; otherwise the leaf may be at its fail-safe current.
     */
    private void bounds(LeafBook b, long nowMs, int[] upper, int[] lower) {
        for (int p = 0; p < 3; p++) {
            upper[p] = 0;
            lower[p] = Integer.MAX_VALUE;
        }
        boolean anchored = false;
        for (Iterator<Sent> it = b.live.iterator(); it.hasNext(); ) {
            Sent s = it.next();
            if (s.expiresAt <= nowMs || (s.seq >= 0 && s.seq < b.ackedSeq)) {
                it.remove();
                continue;
            }
            if ((s.seq == b.ackedSeq || s.seq < 0) && nowMs < s.expiresAt - marginMs) {
                anchored = true;
            }
            for (int p = 0; p < 3; p++) {
                int v = (s.mask & (1 << p)) != 0 ? s.currentMa : 0;
                upper[p] = Math.max(upper[p], v);
                lower[p] = Math.min(lower[p], v);
            }
        }
        boolean unheard = !b.heard && nowMs < b.startupUntilMs;
        int top = unheard ? Math.max(b.failsafeMa, b.startupMa) : b.failsafeMa;
        for (int p = 0; p < 3; p++) {
            upper[p] = Math.max(upper[p], top);
            if (!anchored) {
                lower[p] = Math.min(lower[p], b.failsafeMa);
            }
        }
    }
}
