package org.jevse.energy.wire;

/**
 * Parent → leaf: a grant with a lease. Sent every cycle (which renews the lease) and at once on a reduction.
 *
 * @param v         contract version ({@link Wire#VERSION})
 * @param leafId    the leaf it is for (must match the topic)
 * @param epoch     the parent instance; a leaf that sees a new epoch starts its sequence check afresh
 * @param seq       increases with every grant to this leaf from this epoch; older grants are ignored
 * @param currentMa current per phase in mA; 0 pauses
 * @param phases    1 or 3
 * @param validFor  the lease in seconds on the leaf's monotonic clock, counted from receipt. Never a wall-clock
 *                  time: a clock jump must neither expire nor extend it (EVerest #1068)
 * @param reason    reason code (fair_share, fuse, minimum_not_reachable, rotation, ...)
 * @param detail    the limit behind the reason, e.g. "fuse L2 of node garage"
 */
public record LeafAllocation(int v, String leafId, String epoch, long seq, int currentMa, int phases, int validFor,
                             String reason, String detail) {
    public LeafAllocation {
        Wire.require(v == Wire.VERSION, "v must be " + Wire.VERSION);
        Wire.require(leafId != null && !leafId.isEmpty(), "leaf_id must not be empty");
        Wire.require(epoch != null && !epoch.isEmpty(), "epoch must not be empty");
        Wire.require(seq > 0, "seq must be positive");
        Wire.require(currentMa >= 0 && currentMa <= 1_000_000, "current_ma out of range");
        Wire.require(phases == 1 || phases == 3, "phases must be 1 or 3");
        Wire.require(validFor >= 1 && validFor <= 3600, "valid_for must be 1..3600 s");
        Wire.require(reason != null, "reason is missing");
        Wire.require(detail != null, "detail is missing");
    }
}
