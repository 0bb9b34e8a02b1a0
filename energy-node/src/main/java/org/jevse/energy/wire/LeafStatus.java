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

    /** The contract's ranges (docs/energy-tree.md): a value outside rejects the whole message. */
    public LeafStatus {
        Ranges.oneOf("v", v, Integer.toString(Wire.VERSION), Wire.VERSION);
        Ranges.id("leaf_id", leafId);
        Ranges.whole("seq", seq, 1, Long.MAX_VALUE, "1 to " + Long.MAX_VALUE);
        Ranges.word("state", state, STATES);
        Ranges.phases3("min_ma", minMa, null);
        Ranges.phases3("max_ma", maxMa, null);
        if (phases == null) {
            throw new Ranges.OutOfRange("phases", "missing", "{in_use, possible, can_switch_now}");
        }
        Ranges.phases3("measured_ma", measuredMa, "no meter");
        Ranges.measured("power_w", powerW, Ranges.MAX_POWER_W, "W");
        Ranges.measured("energy_wh", energyWh, Ranges.MAX_ENERGY_WH, "Wh");
        Ranges.measured("session_energy_wh", sessionEnergyWh, Ranges.MAX_ENERGY_WH, "Wh");
        Ranges.ma("failsafe_ma", failsafeMa);
    }

    /** The wire names of the states, in the allocator's order. */
    static final List<String> STATES = java.util.Arrays.stream(LeafState.values()).map(LeafStatus::wireName).toList();

    /** The state as the allocator's enum. */
    public LeafState leafState() {
        return LeafState.values()[STATES.indexOf(state)]; // one of STATES: the constructor checked it
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
            Ranges.oneOf("phases.in_use", inUse, "0 (not known), 1 or 3", 0, 1, 3);
            String allowed = "1, 3 or both, each once";
            if (possible == null || possible.isEmpty() || possible.size() > 2
                    || possible.stream().anyMatch(p -> p == null || p != 1 && p != 3)
                    || possible.stream().distinct().count() != possible.size()) {
                throw new Ranges.OutOfRange("phases.possible", String.valueOf(possible), allowed);
            }
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
            Ranges.id("applied.epoch", epoch);
            Ranges.whole("applied.seq", seq, 1, Long.MAX_VALUE, "1 to " + Long.MAX_VALUE);
            Ranges.ma("applied.current_ma", currentMa);
            Ranges.oneOf("applied.phases", phases, "1 or 3", 1, 3);
            Ranges.whole("applied.lease_remaining_ms", leaseRemainingMs, 0, Ranges.MAX_VALID_FOR_S * 1000L,
                    "0 to " + Ranges.MAX_VALID_FOR_S * 1000L + " ms");
        }
    }
}
