package org.jevse.energy.alloc;

/**
 * How a charger's phases are wired to the grid phases L1..L3 (WARP's rotations; OCPP names RST = L123 and so on).
 * With a known rotation a 1-phase charger costs current on one grid phase only, so more 1-phase cars fit; with
 * {@link #UNKNOWN} a 1-phase charger is charged on all three grid phases (WARP current_limits.h), never less.
 */
public enum PhaseRotation {
    L123(0, 1, 2), L132(0, 2, 1), L231(1, 2, 0), L213(1, 0, 2), L321(2, 1, 0), L312(2, 0, 1), UNKNOWN(-1, -1, -1);

    private final int[] grid;

    PhaseRotation(int a, int b, int c) {
        this.grid = new int[] {a, b, c};
    }

    /** Bit mask of grid phases (bit 0 = L1) that carry current when the charger uses {@code phases} phases. */
    public int mask(int phases) {
        if (phases <= 0) {
            return 0;
        }
        if (phases >= 3 || this == UNKNOWN) {
            return 0b111;
        }
        int m = 0;
        for (int i = 0; i < phases; i++) {
            m |= 1 << grid[i];
        }
        return m;
    }

    /** The grid phase (0..2) of charger phase {@code chargerPhase} (0..2), or -1 when unknown. */
    public int gridPhase(int chargerPhase) {
        return grid[chargerPhase];
    }
}
