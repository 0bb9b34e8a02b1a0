package org.jevse.energy.alloc;

import java.time.DayOfWeek;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A time-of-day window in which a node's limit is lower than its fuse (balanz's group limits by time of day), in
 * local time.
 *
 * @param days     the days on which the window starts
 * @param fromS    where it starts, second of the day, 0 to 86399
 * @param toS      where it ends, second of the day, 1 to 86400 (midnight at the end of the day); at or before
 *                 {@code fromS} the window runs over midnight into the next day
 * @param limitsMa the limit per phase (L1, L2, L3) while the window is in force, mA
 */
public record LimitWindow(Set<DayOfWeek> days, int fromS, int toS, int[] limitsMa) {

    static final int DAY_S = 86_400;
    static final int WEEK_S = 7 * DAY_S;

    public LimitWindow {
        days = days.isEmpty() ? EnumSet.noneOf(DayOfWeek.class) : EnumSet.copyOf(days);
        if (fromS < 0 || fromS >= DAY_S || toS < 1 || toS > DAY_S || fromS == toS) {
            throw new IllegalArgumentException("window from " + fromS + " s to " + toS + " s; allowed: 0 <= from < "
                    + DAY_S + ", 0 < to <= " + DAY_S + ", from != to");
        }
        Objects.requireNonNull(limitsMa, "limitsMa");
        if (limitsMa.length != 3) {
            throw new IllegalArgumentException("a window's limits need three phases");
        }
        limitsMa = limitsMa.clone();
    }

    @Override
    public int[] limitsMa() {
        return limitsMa.clone();
    }

    int limitMa(int phase) {
        return limitsMa[phase];
    }

    /** How long the window lasts, in seconds (at most one day). */
    int lengthS() {
        return toS > fromS ? toS - fromS : toS + DAY_S - fromS;
    }

    /** True if the window is in force at {@code secondOfWeek} (Monday 00:00 is 0) of local time. */
    boolean covers(int secondOfWeek) {
        for (DayOfWeek d : days) {
            int start = (d.getValue() - 1) * DAY_S + fromS;
            if (Math.floorMod(secondOfWeek - start, WEEK_S) < lengthS()) {
                return true;
            }
        }
        return false;
    }

    /** True if the two windows share a moment of some week (each day's run is a span on the week's circle). */
    public boolean overlaps(LimitWindow o) {
        for (DayOfWeek d : days) {
            int a = (d.getValue() - 1) * DAY_S + fromS;
            for (DayOfWeek e : o.days) {
                int b = (e.getValue() - 1) * DAY_S + o.fromS;
                if (Math.floorMod(b - a, WEEK_S) < lengthS() || Math.floorMod(a - b, WEEK_S) < o.lengthS()) {
                    return true;
                }
            }
        }
        return false;
    }
}
