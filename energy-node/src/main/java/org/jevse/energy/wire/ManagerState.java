package org.jevse.energy.wire;

import java.util.List;

/**
 * {@code <prefix>/charge_manager/state}: the site limit and every charger's allocation and reason (after WARP's
 * charge_manager/state, with readable names).
 *
 * @param v                contract version
 * @param state            1 active, 2 waiting for leases of a previous instance to run out (startup)
 * @param availableCurrent the external available_current in mA
 * @param limitsMa         the site connection's effective per-phase limit now
 * @param allocatedMa      Σ of what the leaves may draw per phase (the bound the hard rule holds)
 * @param chargers         one entry per configured charger
 */
public record ManagerState(int v, int state, long availableCurrent, int[] limitsMa, long[] allocatedMa,
                           List<Charger> chargers) {

    /**
     * @param leafId   charger id
     * @param node     its node
     * @param leaf     its reported state, or "unknown" before it was heard
     * @param ac       allocated current, mA (WARP's name)
     * @param ap       allocated phases (WARP's name)
     * @param reason   reason code
     * @param detail   the limit behind it
     */
    public record Charger(String leafId, String node, String leaf, int ac, int ap, String reason, String detail) {
    }
}
