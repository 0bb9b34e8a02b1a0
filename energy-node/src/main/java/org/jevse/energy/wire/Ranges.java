package org.jevse.energy.wire;

import java.util.List;
import org.jevse.config.TopicLevel;

/**
 * The contract's ranges (docs/energy-tree.md, "Ranges"), one check per kind of field. A value outside its range
 * throws {@link OutOfRange}, whose message starts with the field and ends with what is allowed; the reader rejects
 * the whole message with it.
 */
public final class Ranges {

    /** The largest current of any field, per phase (1000 A: above every charger and fuse the tree describes). */
    public static final int MAX_MA = 1_000_000;
    /** The longest {@code detail} of an allocation. */
    public static final int MAX_DETAIL_CHARS = 256;
    /** The longest lease: valid_for in seconds. */
    public static final int MAX_VALID_FOR_S = 3600;
    /** The largest power_w, in W (1 MW). */
    public static final double MAX_POWER_W = 1e6;
    /** The largest energy_wh and session_energy_wh, in Wh (1 TWh: any meter's register). */
    public static final double MAX_ENERGY_WH = 1e12;

    private Ranges() {
    }

    /** A field out of its range. The message is one line: {@code field is VALUE; allowed: RANGE}. */
    public static final class OutOfRange extends IllegalArgumentException {
        OutOfRange(String field, String value, String allowed) {
            super(field + " is " + value + "; allowed: " + allowed);
        }
    }

    static void whole(String field, long v, long min, long max, String allowed) {
        if (v < min || v > max) {
            throw new OutOfRange(field, Long.toString(v), allowed);
        }
    }

    static void oneOf(String field, long v, String allowed, long... values) {
        for (long a : values) {
            if (v == a) {
                return;
            }
        }
        throw new OutOfRange(field, Long.toString(v), allowed);
    }

    /** A current in mA: 0 to {@link #MAX_MA}. */
    static void ma(String field, long v) {
        whole(field, v, 0, MAX_MA, "0 to " + MAX_MA + " mA");
    }

    /** A measurement: finite, 0 to {@code max}. */
    static void measured(String field, double v, double max, String unit) {
        if (!(v >= 0 && v <= max)) { // also NaN and the infinities
            throw new OutOfRange(field, Double.toString(v), "0 to " + (long) max + " " + unit);
        }
    }

    /** Three per-phase currents (L1, L2, L3), each 0 to {@link #MAX_MA}, or also -1 with {@code minusOneMeans}. */
    static void phases3(String field, int[] a, String minusOneMeans) {
        if (a == null) {
            throw new OutOfRange(field, "missing", "three values (L1, L2, L3)");
        }
        if (a.length != 3) {
            throw new OutOfRange(field, a.length + " values", "three values (L1, L2, L3)");
        }
        for (int i = 0; i < 3; i++) {
            if (minusOneMeans != null && a[i] == -1) {
                continue;
            }
            whole(field + "[" + i + "]", a[i], 0, MAX_MA,
                    (minusOneMeans == null ? "" : "-1 (" + minusOneMeans + ") or ") + "0 to " + MAX_MA + " mA");
        }
    }

    /** An id that is one MQTT topic level ({@link TopicLevel}, the rule of the configuration files too). */
    static void id(String field, String s) {
        if (s == null) {
            throw new OutOfRange(field, "missing", TopicLevel.ALLOWED);
        }
        if (!TopicLevel.valid(s)) {
            throw new OutOfRange(field, shown(s), TopicLevel.ALLOWED);
        }
    }

    static void text(String field, String s, int maxChars) {
        String allowed = "0 to " + maxChars + " characters";
        if (s == null) {
            throw new OutOfRange(field, "missing", allowed);
        }
        if (s.length() > maxChars) {
            throw new OutOfRange(field, s.length() + " characters", allowed);
        }
    }

    static void word(String field, String s, List<String> words) {
        if (s == null || !words.contains(s)) {
            throw new OutOfRange(field, s == null ? "missing" : shown(s), String.join(", ", words));
        }
    }

    /** A value from outside, safe to print in one short line: quoted, control characters escaped, cut at 32. */
    static String shown(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length() && i < 32; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.append(s.length() > 32 ? "...\" (" + s.length() + " characters)" : "\"").toString();
    }
}
