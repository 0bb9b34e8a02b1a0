package org.jevse.energy.alloc;

import java.util.Arrays;
import java.util.Objects;

/**
 * A node of the energy tree: the site connection (no parent), a sub-distribution or a circuit.
 *
 * @param id       unique name, used in reasons ("fuse L2 of node garage")
 * @param parent   the parent node's id, or null for the root (the site connection)
 * @param limitsMa the per-phase limit of L1, L2, L3 in mA
 */
public record NodeSpec(String id, String parent, int[] limitsMa) {
    public NodeSpec {
        Objects.requireNonNull(id, "id");
        if (limitsMa == null || limitsMa.length != 3) {
            throw new IllegalArgumentException("node " + id + ": limits need three phases");
        }
        for (int l : limitsMa) {
            if (l < 0) {
                throw new IllegalArgumentException("node " + id + ": negative limit");
            }
        }
        limitsMa = limitsMa.clone();
    }

    @Override
    public int[] limitsMa() {
        return limitsMa.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeSpec n && n.id.equals(id) && Objects.equals(n.parent, parent)
                && Arrays.equals(n.limitsMa, limitsMa);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, parent, Arrays.hashCode(limitsMa));
    }
}
