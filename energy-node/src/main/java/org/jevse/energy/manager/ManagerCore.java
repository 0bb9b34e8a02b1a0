package org.jevse.energy.manager;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.jevse.board.time.TimeSource;
import org.jevse.energy.alloc.Allocation;
import org.jevse.energy.alloc.Allocator;
import org.jevse.energy.alloc.AllocatorSettings;
import org.jevse.energy.alloc.Dispatcher;
import org.jevse.energy.alloc.LeafInput;
import org.jevse.energy.alloc.LeafState;
import org.jevse.energy.alloc.LimitWindow;
import org.jevse.energy.alloc.NodeLimits;
import org.jevse.energy.alloc.NodeSpec;
import org.jevse.energy.alloc.PhaseRotation;
import org.jevse.energy.alloc.Reason;
import org.jevse.energy.alloc.Tree;
import org.jevse.energy.wire.LeafAllocation;
import org.jevse.energy.wire.LeafStatus;
import org.jevse.energy.wire.ManagerState;
import org.jevse.energy.wire.Wire;

/**
 * The parent's logic without I/O or clock: leaf reports and external limits in, grants out. {@link EnergyManager}
 * runs it over MQTT on real time; the fleet simulation runs it in virtual time.
 */
public final class ManagerCore {

    /** WARP's watchdog: no available_current_update for this long restores the default. */
    public static final long WATCHDOG_MS = 30_000;

    /**
     * A configured charger.
     *
     * @param validForMs its grants' lease; 0: the manager's valid_for (an OCPP charger's is ocpp_server.valid_for_s)
     * @param priority   higher first ({@link LeafInput#priority()})
     */
    public record ChargerSpec(String id, String node, PhaseRotation rotation, int maxCurrentMa, long validForMs,
                              int priority) {
        public ChargerSpec(String id, String node, PhaseRotation rotation, int maxCurrentMa) {
            this(id, node, rotation, maxCurrentMa, 0, LeafInput.DEFAULT_PRIORITY);
        }

        public ChargerSpec(String id, String node, PhaseRotation rotation, int maxCurrentMa, long validForMs) {
            this(id, node, rotation, maxCurrentMa, validForMs, LeafInput.DEFAULT_PRIORITY);
        }
    }

    /**
     * Time-of-day limits of the nodes ({@link NodeLimits}).
     *
     * @param windows   by node id
     * @param zone      the local time of the windows
     * @param wallMs    the injected clock's wall time (ms since the epoch); read only when there are windows
     * @param paddingMs added to each node's horizon: the periodic cycle's period, so the cycle before a drop's
     *                  horizon begins already sends the reductions
     */
    public record Schedules(Map<String, List<LimitWindow>> windows, ZoneId zone, LongSupplier wallMs,
                            long paddingMs) {
        /** No windows: the configured limits at all times. */
        public static final Schedules NONE = new Schedules(Map.of(), ZoneOffset.UTC, () -> {
            throw new IllegalStateException("no wall clock without time-of-day limits");
        }, 0);
    }

    private final Tree tree;
    private final NodeLimits nodeLimits;
    private final LongSupplier wallMs;
    /** Per node: the longest any grant to a leaf under it may be drawn (lease + transit margin) + the padding. */
    private final long[] horizonMs;
    private final Allocator allocator;
    private final Dispatcher dispatcher;
    private final String epoch;
    private final long validForMs;
    private final Map<String, ChargerSpec> chargers = new LinkedHashMap<>();
    private final Map<String, LeafStatus> last = new HashMap<>();
    private final Map<String, Long> heardAt = new HashMap<>();
    private final Map<String, Allocation> lastTarget = new HashMap<>();
    private final Map<String, int[]> lastSent = new HashMap<>();
    private final boolean watchdog;
    private final long defaultAvailable;
    private final long maximumAvailable;
    private long available;
    private long lastUpdateMs;
    private int cycles;

    /**
     * @param maximumAvailable  upper bound of available_current in mA; ≤ 0: the site's largest phase limit
     * @param defaultAvailable  boot and watchdog value in mA; &lt; 0: the maximum
     */
    public ManagerCore(List<NodeSpec> nodes, List<ChargerSpec> chargerSpecs, AllocatorSettings settings,
                       long validForMs, long transitMarginMs, boolean watchdog, long defaultAvailable,
                       long maximumAvailable, String epoch, long nowMs) {
        this(nodes, chargerSpecs, settings, validForMs, transitMarginMs, watchdog, defaultAvailable, maximumAvailable,
                epoch, nowMs, Schedules.NONE);
    }

    /**
     * @param schedules the nodes' time-of-day limits
     */
    public ManagerCore(List<NodeSpec> nodes, List<ChargerSpec> chargerSpecs, AllocatorSettings settings,
                       long validForMs, long transitMarginMs, boolean watchdog, long defaultAvailable,
                       long maximumAvailable, String epoch, long nowMs, Schedules schedules) {
        this.tree = new Tree(nodes);
        this.nodeLimits = new NodeLimits(tree, schedules.windows(), schedules.zone());
        this.wallMs = schedules.wallMs();
        this.horizonMs = new long[tree.size()];
        this.allocator = new Allocator(tree, settings);
        this.dispatcher = new Dispatcher(tree, validForMs, transitMarginMs, nowMs);
        this.epoch = epoch;
        this.validForMs = validForMs;
        for (ChargerSpec c : chargerSpecs) {
            chargers.put(c.id(), c);
            long lease = c.validForMs() > 0 ? c.validForMs() : validForMs;
            dispatcher.register(c.id(), c.node(), c.rotation(), c.maxCurrentMa(), lease);
            for (int nd : tree.path(tree.indexOf(c.node()))) {
                horizonMs[nd] = Math.max(horizonMs[nd], lease + transitMarginMs + schedules.paddingMs());
            }
        }
        int[] root = tree.node(tree.root()).limitsMa();
        long siteMax = Math.max(root[0], Math.max(root[1], root[2]));
        this.maximumAvailable = maximumAvailable > 0 ? maximumAvailable : siteMax;
        this.defaultAvailable = defaultAvailable < 0 ? this.maximumAvailable
                : Math.min(defaultAvailable, this.maximumAvailable);
        this.watchdog = watchdog;
        this.available = this.defaultAvailable;
        this.lastUpdateMs = nowMs;
    }

    /** The manager of a file on the injected clock: monotonic time for leases, wall time for the time of day. */
    public static ManagerCore of(EnergyManagerFile cfg, String epoch, TimeSource time) {
        // Not set: -1 lets the constructor take the maximum, 0 the site's largest phase limit.
        return new ManagerCore(ManagerSettings.nodeSpecs(cfg), ManagerSettings.chargerSpecs(cfg),
                ManagerSettings.allocatorSettings(cfg), cfg.validForS() * 1000L, cfg.transitMarginMs(),
                cfg.enableWatchdog(),
                cfg.defaultAvailableCurrent() == null ? -1 : cfg.defaultAvailableCurrent(),
                cfg.maximumAvailableCurrent() == null ? 0 : cfg.maximumAvailableCurrent(), epoch, time.monotonicMs(),
                new Schedules(ManagerSettings.schedules(cfg), ManagerSettings.zone(cfg), time::wallMs, cfg.cycleMs()));
    }

    /**
     * A leaf that joins after start (an OCPP charger registered automatically): from now on it is allocated,
     * dispatched and counted like a configured one. A known id is left as it is.
     */
    public void addCharger(ChargerSpec c) {
        if (chargers.putIfAbsent(c.id(), c) == null) {
            dispatcher.register(c.id(), c.node(), c.rotation(), c.maxCurrentMa(),
                    c.validForMs() > 0 ? c.validForMs() : validForMs);
        }
    }

    public Tree tree() {
        return tree;
    }

    /** The nodes' time-of-day limits. */
    public NodeLimits nodeLimits() {
        return nodeLimits;
    }

    /** Per node index, how far ahead the allocation looks for a falling limit, ms. */
    public long horizonMs(int node) {
        return horizonMs[node];
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    public String epoch() {
        return epoch;
    }

    public boolean knows(String leafId) {
        return chargers.containsKey(leafId);
    }

    public long availableCurrent() {
        return available;
    }

    /**
     * A status arrived. Returns true if a cycle should run now: the leaf reported a change (plug-in, finish,
     * fault) or acknowledged a changed grant, which may unblock raises held for it.
     */
    public boolean onStatus(LeafStatus s, long nowMs) {
        if (!chargers.containsKey(s.leafId())) {
            return false;
        }
        LeafStatus prev = last.get(s.leafId());
        last.put(s.leafId(), s);
        heardAt.put(s.leafId(), nowMs);
        LeafStatus.Applied a = s.applied();
        boolean foreign = a != null && !a.epoch().equals(epoch);
        dispatcher.onHeard(s.leafId(), s.failsafeMa(), foreign, a == null ? 0 : a.currentMa(),
                a == null ? 0 : a.phases(), a == null ? 0 : a.leaseRemainingMs(), nowMs);
        if (a != null && !foreign) {
            dispatcher.onAck(s.leafId(), a.seq());
        }
        return s.urgent() || prev == null || !prev.state().equals(s.state());
    }

    /**
     * available_current_update: clamped to 0..maximum_available_current (WARP rejects such a value; a
     * site owner's script that overshoots should still get the maximum). Returns true if it dropped (the caller reallocates at once).
     */
    public boolean onAvailableCurrent(long requestedMa, long nowMs) {
        long v = Math.max(0, Math.min(requestedMa, maximumAvailable));
        boolean dropped = v < available;
        available = v;
        lastUpdateMs = nowMs;
        return dropped;
    }

    /** WARP's watchdog: true if it fired and lowered the available current (the caller reallocates at once). */
    public boolean checkWatchdog(long nowMs) {
        if (!watchdog || nowMs - lastUpdateMs < WATCHDOG_MS || available == defaultAvailable) {
            return false;
        }
        boolean dropped = defaultAvailable < available;
        available = defaultAvailable;
        lastUpdateMs = nowMs;
        return dropped;
    }

    /**
     * The limits the allocation uses now: the configured ones or, with time-of-day limits, the lowest each node
     * will have within its horizon ({@link NodeLimits#lowestOver}), with the site connection capped by
     * available_current.
     */
    public int[][] limits() {
        int[][] l = nodeLimits.scheduled() ? nodeLimits.lowestOver(wallMs.getAsLong(), horizonMs)
                : tree.configuredLimits();
        int[] root = l[tree.root()];
        for (int p = 0; p < 3; p++) {
            root[p] = (int) Math.min(root[p], available);
        }
        return l;
    }

    /**
     * One allocation cycle.
     *
     * @param renewAll true on the periodic cycle: every leaf gets a grant (renewing its lease). False on an
     *                 event-driven cycle: only leaves whose target changed or whose raise was held
     */
    public List<LeafAllocation> cycle(long nowMs, boolean renewAll) {
        cycles++;
        List<LeafInput> inputs = new ArrayList<>(chargers.size());
        for (ChargerSpec c : chargers.values()) {
            inputs.add(input(c, nowMs));
        }
        int[][] limits = limits();
        List<Allocation> targets = allocator.allocate(nowMs, limits, inputs);
        List<Allocation> toSend = new ArrayList<>(targets.size());
        for (Allocation t : targets) {
            Allocation before = lastTarget.put(t.leafId(), t);
            Long heard = heardAt.get(t.leafId());
            if (heard != null && nowMs - heard > validForMs / 4 && t.currentMa() > 0) {
                // Silent for more than a quarter lease: no more renewals, so its lease (and the bound the
                // dispatcher keeps for it) runs out instead of being stretched while nobody knows what it draws.
                continue;
            }
            int[] sent = lastSent.get(t.leafId());
            boolean settled = sent != null && sent[0] == t.currentMa() && sent[1] == t.phases();
            if (renewAll || before == null || !settled || before.currentMa() != t.currentMa()
                    || before.phases() != t.phases()) {
                toSend.add(t);
            }
        }
        List<LeafAllocation> out = new ArrayList<>(toSend.size());
        int validForS = (int) Math.max(1, validForMs / 1000);
        for (Dispatcher.Grant g : dispatcher.dispatch(nowMs, limits, toSend)) {
            lastSent.put(g.leafId(), new int[] {g.currentMa(), g.phases()});
            out.add(new LeafAllocation(Wire.VERSION, g.leafId(), epoch, g.seq(), g.currentMa(), g.phases(), validForS,
                    g.reason().wire(), g.detail()));
        }
        return out;
    }

    /** The charge_manager/state document. */
    public ManagerState state(long nowMs) {
        List<ManagerState.Charger> list = new ArrayList<>();
        for (ChargerSpec c : chargers.values()) {
            Allocation t = lastTarget.get(c.id());
            int[] sent = lastSent.get(c.id());
            LeafStatus s = last.get(c.id());
            list.add(new ManagerState.Charger(c.id(), c.node(), s == null ? "unknown" : s.state(),
                    sent == null ? 0 : sent[0], sent == null ? 0 : sent[1],
                    t == null ? Reason.STARTUP.wire() : t.reason().wire(), t == null ? "" : t.detail()));
        }
        long[] committed = dispatcher.committed(nowMs);
        int r = tree.root();
        return new ManagerState(Wire.VERSION, dispatcher.inStartup(nowMs) ? 2 : 1, available, limits()[r],
                new long[] {committed[r * 3], committed[r * 3 + 1], committed[r * 3 + 2]}, list);
    }

    private LeafInput input(ChargerSpec c, long nowMs) {
        LeafStatus s = last.get(c.id());
        Long at = heardAt.get(c.id());
        if (s == null || at == null || nowMs - at > validForMs) {
            // Never heard, or silent for longer than a lease: dropped (the dispatcher still counts its leases).
            if (s != null) {
                last.remove(c.id());
                allocator.forget(c.id());
            }
            return new LeafInput(c.id(), c.node(), c.rotation(), LeafState.IDLE, 0, c.maxCurrentMa(), 0,
                    true, true, false, -1, c.priority());
        }
        int inUse = s.phases().inUse();
        int n = inUse == 1 ? 1 : 3;
        int min = 0;
        int max = Integer.MAX_VALUE;
        int measured = -1;
        for (int p = 0; p < n; p++) {
            min = Math.max(min, s.minMa()[p]);
            max = Math.min(max, s.maxMa()[p]);
        }
        for (int p = 0; p < 3; p++) {
            measured = Math.max(measured, s.measuredMa()[p]);
        }
        max = Math.min(max, c.maxCurrentMa());
        boolean can1 = s.phases().possible().contains(1);
        boolean can3 = s.phases().possible().contains(3);
        return new LeafInput(c.id(), c.node(), c.rotation(), s.leafState(), min, max, inUse, can1, can3,
                s.phases().canSwitchNow(), measured, c.priority());
    }

    /** The allocator's latest target for a leaf (what the parent has allocated; roll-out is the dispatcher's), or null. */
    public Allocation target(String leafId) {
        return lastTarget.get(leafId);
    }

    /** The allocator's fairness key for a leaf (allocated energy of its session), Wh. */
    public double allocatedWh(String leafId) {
        return allocator.allocatedWh(leafId);
    }

    public int cycles() {
        return cycles;
    }
}
