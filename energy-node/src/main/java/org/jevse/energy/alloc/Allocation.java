package org.jevse.energy.alloc;

/**
 * The allocator's decision for one leaf.
 *
 * @param leafId    the leaf
 * @param currentMa current per phase in mA (0: off)
 * @param phases    1 or 3: the phases it shall use (also when off, so a switch can happen while paused)
 * @param reason    why
 * @param detail    the node and phase behind the reason, e.g. "fuse L2 of node garage", or ""
 */
public record Allocation(String leafId, int currentMa, int phases, Reason reason, String detail) {
}
