package org.jevse.energy.wire;

import java.util.Arrays;
import java.util.List;
import org.jevse.energy.alloc.Reason;

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
    /** The contract's ranges (docs/energy-tree.md): a value outside rejects the whole message. */
    public LeafAllocation {
        Ranges.oneOf("v", v, Integer.toString(Wire.VERSION), Wire.VERSION);
        Ranges.id("leaf_id", leafId);
        Ranges.id("epoch", epoch);
        Ranges.whole("seq", seq, 1, Long.MAX_VALUE, "1 to " + Long.MAX_VALUE);
        Ranges.ma("current_ma", currentMa);
        Ranges.oneOf("phases", phases, "1 or 3", 1, 3);
        Ranges.whole("valid_for", validFor, 1, Ranges.MAX_VALID_FOR_S, "1 to " + Ranges.MAX_VALID_FOR_S + " s");
        Ranges.word("reason", reason, REASONS);
        Ranges.text("detail", detail, Ranges.MAX_DETAIL_CHARS);
    }

    /** The reason codes of the contract: the allocation's reasons by their wire names. */
    static final List<String> REASONS = Arrays.stream(Reason.values()).map(Reason::wire).toList();
}
