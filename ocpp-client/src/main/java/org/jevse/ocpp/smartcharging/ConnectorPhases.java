package org.jevse.ocpp.smartcharging;

/**
 * The phases a connector uses now, and the two counts it can switch between now (a phase switch toggles between
 * them, e.g. 1 and 3). A connector that cannot switch (fixed wiring, or a board that must not switch during a
 * session) has {@code min == max == inUse}.
 */
public record ConnectorPhases(int inUse, int min, int max) {
    public ConnectorPhases {
        if (min < 1 || max > 3 || min > max || inUse < min || inUse > max) {
            throw new IllegalArgumentException("phases must satisfy 1 <= min <= inUse <= max <= 3, got inUse "
                    + inUse + " in " + min + ".." + max);
        }
    }

    /** A connector that uses {@code n} phases and cannot switch. */
    public static ConnectorPhases fixed(int n) {
        return new ConnectorPhases(n, n, n);
    }

    /** The most phases the connector can use without exceeding {@code n}, or its minimum if it cannot. */
    int atMost(int n) {
        return n >= max ? max : min;
    }
}
