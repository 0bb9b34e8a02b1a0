package org.jevse.energy.alloc;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The nodes' limits by time of day: each node's configured limit, lowered while one of its {@link LimitWindow}s
 * is in force (local time of {@code zone}). Pure: the wall-clock time is an argument.
 *
 * <p>The allocation does not use the limit in force now but the lowest one over the coming
 * {@code horizon} of each node ({@link #lowestOver}): a grant counts, and may be drawn, for its whole lease, so a
 * grant made at t must fit every limit in force until its lease has surely ended. With the horizon at least the
 * longest lease of the node's leaves (valid_for plus the transit margin), no lease granted under a higher limit
 * is still running when a lower one comes into force, whatever the leaves receive or acknowledge: the reduction
 * goes out a horizon before the boundary, and a leaf that does not get it falls back to its fail-safe when its
 * old lease ends, before the boundary. A rising limit is used from its boundary on.
 */
public final class NodeLimits {

    private final Tree tree;
    private final ZoneId zone;
    /** Per node index, its windows (empty: none). */
    private final List<List<LimitWindow>> windows;
    private final boolean scheduled;

    /**
     * @param schedules windows by node id; a node without an entry has none
     * @param zone      the local time of the windows
     */
    public NodeLimits(Tree tree, Map<String, List<LimitWindow>> schedules, ZoneId zone) {
        this.tree = tree;
        this.zone = zone;
        this.windows = new ArrayList<>(tree.size());
        boolean any = false;
        for (int nd = 0; nd < tree.size(); nd++) {
            List<LimitWindow> w = List.copyOf(schedules.getOrDefault(tree.node(nd).id(), List.of()));
            windows.add(w);
            any |= !w.isEmpty();
        }
        for (String id : schedules.keySet()) {
            if (tree.indexOf(id) < 0) {
                throw new IllegalArgumentException("a schedule for unknown node " + id);
            }
        }
        this.scheduled = any;
    }

    /** Limits without any window. */
    public static NodeLimits fixed(Tree tree) {
        return new NodeLimits(tree, Map.of(), ZoneOffset.UTC);
    }

    /** True if some node has a window (else the limits never change with time, and no clock is needed). */
    public boolean scheduled() {
        return scheduled;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The limits in force at {@code wallMs} (ms since the epoch), [node][phase] in mA. */
    public int[][] at(long wallMs) {
        int[][] l = tree.configuredLimits();
        if (scheduled) {
            int sow = secondOfWeek(wallMs);
            for (int nd = 0; nd < l.length; nd++) {
                lower(l[nd], nd, sow);
            }
        }
        return l;
    }

    /**
     * The lowest limit of each node and phase in force at any time from {@code wallMs} to
     * {@code wallMs + horizonMs[node]} (both included), [node][phase] in mA.
     */
    public int[][] lowestOver(long wallMs, long[] horizonMs) {
        int[][] l = at(wallMs);
        if (!scheduled) {
            return l;
        }
        for (int nd = 0; nd < l.length; nd++) {
            if (windows.get(nd).isEmpty() || horizonMs[nd] <= 0) {
                continue;
            }
            for (long t : changesIn(nd, wallMs, wallMs + horizonMs[nd])) {
                lower(l[nd], nd, secondOfWeek(t));
            }
        }
        return l;
    }

    /**
     * Every instant in ({@code fromMs}, {@code toMs}] at which node {@code nd}'s limit may change: where local
     * time reaches the start or the end of one of its windows (both offsets when the clocks go back and the local
     * time happens twice; the transition itself when they go forward over it), and every offset transition of the
     * zone. Between two of them the local time runs on without crossing a window's edge, so the limit is constant.
     */
    List<Long> changesIn(int nd, long fromMs, long toMs) {
        ZoneRules rules = zone.getRules();
        List<Long> out = new ArrayList<>();
        LocalDate first = LocalDate.ofInstant(Instant.ofEpochMilli(fromMs), zone).minusDays(1);
        LocalDate last = LocalDate.ofInstant(Instant.ofEpochMilli(toMs), zone).plusDays(1);
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            for (LimitWindow w : windows.get(nd)) {
                if (!w.days().contains(d.getDayOfWeek())) {
                    continue;
                }
                LocalDateTime start = d.atStartOfDay().plusSeconds(w.fromS());
                for (LocalDateTime edge : List.of(start, start.plusSeconds(w.lengthS()))) {
                    List<ZoneOffset> offsets = rules.getValidOffsets(edge);
                    if (offsets.isEmpty()) {
                        addIfIn(out, rules.getTransition(edge).getInstant().toEpochMilli(), fromMs, toMs);
                    }
                    for (ZoneOffset o : offsets) {
                        addIfIn(out, edge.toInstant(o).toEpochMilli(), fromMs, toMs);
                    }
                }
            }
        }
        for (ZoneOffsetTransition t = rules.nextTransition(Instant.ofEpochMilli(fromMs));
             t != null && t.getInstant().toEpochMilli() <= toMs; t = rules.nextTransition(t.getInstant())) {
            addIfIn(out, t.getInstant().toEpochMilli(), fromMs, toMs);
        }
        return out;
    }

    private static void addIfIn(List<Long> out, long t, long fromMs, long toMs) {
        if (t > fromMs && t <= toMs) {
            out.add(t);
        }
    }

    private void lower(int[] limits, int nd, int secondOfWeek) {
        for (LimitWindow w : windows.get(nd)) {
            if (w.covers(secondOfWeek)) {
                for (int p = 0; p < 3; p++) {
                    limits[p] = Math.min(limits[p], w.limitMa(p));
                }
            }
        }
    }

    private int secondOfWeek(long wallMs) {
        ZonedDateTime z = Instant.ofEpochMilli(wallMs).atZone(zone);
        return (z.getDayOfWeek().getValue() - 1) * LimitWindow.DAY_S + z.toLocalTime().toSecondOfDay();
    }
}
