package org.jevse.board.port;

/** One value per phase L1, L2, L3. */
public record PerPhase(double l1, double l2, double l3) {
    public static final PerPhase ZERO = new PerPhase(0, 0, 0);

    public static PerPhase of(double value, int phases) {
        return new PerPhase(value, phases >= 2 ? value : 0, phases >= 3 ? value : 0);
    }

    public double max() {
        return Math.max(l1, Math.max(l2, l3));
    }

    public double sum() {
        return l1 + l2 + l3;
    }

    public double get(int phase) {
        return switch (phase) {
            case 1 -> l1;
            case 2 -> l2;
            case 3 -> l3;
            default -> throw new IllegalArgumentException("phase " + phase + " (allowed: 1, 2, 3)");
        };
    }
}
