package org.jevse.energy.wire;

import java.util.List;
import org.jevse.energy.alloc.LeafState;

/**
 * Leaf → parent, about once a second and at once on plug-in, finish, phase change, fault, or after applying a new
 * allocation (then {@code applied} acknowledges it).
 *
 * @param v              contract version ({@link Wire#VERSION})
 * @param leafId         the leaf
 * @param seq            increases with every status the leaf sends (staleness check)
 * @param state          idle, waiting, charging, ev_paused, error
 * @param minMa          per charger phase, the smallest current it can use now (mA)
 * @param maxMa          per charger phase, the largest current it could use now (mA)
 * @param phases         phases in use, possible, and whether it can switch now
 * @param measuredMa     measured current per phase (mA), -1 where there is no meter
 * @param powerW         measured power
 * @param energyWh       meter reading
 * @param sessionEnergyWh energy of the current session
 * @param failsafeMa     what it falls back to when its lease expires (the parent counts it as always drawable)
 * @param applied        the allocation it applies now, or null if none (never heard a parent, or lease expired)
 * @param urgent         sent because something changed, not on the 1 s schedule
 */
public record LeafStatus(int v, String leafId, long seq, String state, int[] minMa, int[] maxMa, Phases phases,
                         int[] measuredMa, double powerW, double energyWh, double sessionEnergyWh, int failsafeMa,
                         Applied applied, boolean urgent) {

    public LeafStatus {
        Wire.require(v == Wire.VERSION, "v must be " + Wire.VERSION);
        Wire.require(leafId != null && !leafId.isEmpty(), "leaf_id must not be empty");
        Wire.require(state != null, "state is missing");
        leafState(state); // validates
        Wire.phases3(minMa, "min_ma");
        Wire.phases3(maxMa, "max_ma");
        Wire.phases3(measuredMa, "measured_ma");
        Wire.require(phases != null, "phases is missing");
        Wire.require(failsafeMa >= 0, "failsafe_ma must not be negative");
        for (int i = 0; i < 3; i++) {
            Wire.require(minMa[i] >= 0 && maxMa[i] >= 0 && maxMa[i] <= 1_000_000, "min_ma/max_ma out of range");
        }
    }

    /** The state as the allocator's enum. */
    public LeafState leafState() {
        return leafState(state);
    }

    static LeafState leafState(String s) {
        for (LeafState st : LeafState.values()) {
            if (st.name().toLowerCase(java.util.Locale.ROOT).equals(s)) {
                return st;
            }
        }
        throw new IllegalArgumentException("unknown state " + s);
    }

    public static String wireName(LeafState s) {
        return s.name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * @param inUse        1 or 3 (0: not known yet)
     * @param possible     the phase counts it can charge with, e.g. [1, 3]
     * @param canSwitchNow whether a 1↔3 switch is possible now
     */
    public record Phases(int inUse, List<Integer> possible, boolean canSwitchNow) {
        public Phases {
            Wire.require(inUse == 0 || inUse == 1 || inUse == 3, "phases.in_use must be 0, 1 or 3");
            Wire.require(possible != null && !possible.isEmpty()
                    && possible.stream().allMatch(p -> p != null && (p == 1 || p == 3)),
                    "phases.possible must list 1 and/or 3");
            possible = List.copyOf(possible);
        }
    }

    /**
     * The grant the leaf applies now.
     *
     * @param epoch            the parent instance that sent it
     * @param seq              its sequence number (an acknowledgement)
     * @param currentMa        current per phase
     * @param phases           phases
     * @param leaseRemainingMs how long it stays valid on the leaf's monotonic clock
     */
    public record Applied(String epoch, long seq, int currentMa, int phases, long leaseRemainingMs) {
        public Applied {
            Wire.require(epoch != null && !epoch.isEmpty(), "applied.epoch must not be empty");
            Wire.require(currentMa >= 0 && leaseRemainingMs >= 0, "applied values must not be negative");
        }
    }
}
