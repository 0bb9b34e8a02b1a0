package org.jevse.ocpp.config;

import java.util.Locale;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * One configuration key: its type, whether the CSMS may write it, its default, the values it accepts, and how a
 * change takes effect.
 *
 * @param allowed    for CSL keys, the items accepted (empty = any item that {@code itemPattern} matches)
 * @param maxItems   for CSL keys, the most items a value may list (0 = no limit)
 * @param min        for integers, the smallest value accepted
 * @param max        for integers, the largest value accepted
 * @param writeOnly  never returned by GetConfiguration (AuthorizationKey)
 * @param reboot     a change is persisted but takes effect at the next start (RebootRequired)
 * @param rule       an extra check of (current value, new value), e.g. "may only be raised"
 */
public record ConfigKey(String name, Type type, boolean readOnly, String defaultValue, Set<String> allowed,
                        String itemPattern, int maxItems, long min, long max, boolean writeOnly, boolean reboot,
                        BiPredicate<String, String> rule) {

    public enum Type {
        BOOLEAN, INTEGER, CSL, STRING
    }

    /** GetConfiguration's value length limit (OCPP 1.6 ConfigurationKey.value: 500 characters). */
    public static final int MAX_VALUE_LENGTH = 500;

    public static ConfigKey bool(String name, boolean readOnly, boolean def) {
        return new ConfigKey(name, Type.BOOLEAN, readOnly, Boolean.toString(def), Set.of(), null, 0, 0, 0, false,
                false, null);
    }

    public static ConfigKey integer(String name, boolean readOnly, long def, long min, long max) {
        return new ConfigKey(name, Type.INTEGER, readOnly, Long.toString(def), Set.of(), null, 0, min, max, false,
                false, null);
    }

    public static ConfigKey csl(String name, boolean readOnly, String def, Set<String> allowed, int maxItems) {
        return new ConfigKey(name, Type.CSL, readOnly, def, Set.copyOf(allowed), null, maxItems, 0, 0, false, false,
                null);
    }

    public static ConfigKey string(String name, boolean readOnly, String def) {
        return new ConfigKey(name, Type.STRING, readOnly, def, Set.of(), null, 0, 0, 0, false, false, null);
    }

    public ConfigKey withPattern(String itemRegex) {
        return new ConfigKey(name, type, readOnly, defaultValue, allowed, itemRegex, maxItems, min, max, writeOnly,
                reboot, rule);
    }

    public ConfigKey rebootRequired() {
        return new ConfigKey(name, type, readOnly, defaultValue, allowed, itemPattern, maxItems, min, max, writeOnly,
                true, rule);
    }

    public ConfigKey writeOnlyKey() {
        return new ConfigKey(name, type, readOnly, defaultValue, allowed, itemPattern, maxItems, min, max, true,
                reboot, rule);
    }

    public ConfigKey withRule(BiPredicate<String, String> r) {
        return new ConfigKey(name, type, readOnly, defaultValue, allowed, itemPattern, maxItems, min, max, writeOnly,
                reboot, r);
    }

    /** The canonical form of {@code raw} if this key accepts it, else null. */
    public String normalize(String raw) {
        if (raw == null || raw.length() > MAX_VALUE_LENGTH) {
            return null;
        }
        switch (type) {
            case BOOLEAN: {
                String v = raw.trim().toLowerCase(Locale.ROOT);
                return v.equals("true") || v.equals("false") ? v : null;
            }
            case INTEGER: {
                String v = raw.trim();
                if (!v.matches("-?\\d{1,18}")) {
                    return null;
                }
                long n = Long.parseLong(v);
                return n < min || n > max ? null : Long.toString(n);
            }
            case CSL: {
                String v = raw.trim();
                if (v.isEmpty()) {
                    return "";
                }
                String[] items = v.split(",", -1);
                if (maxItems > 0 && items.length > maxItems) {
                    return null;
                }
                StringBuilder b = new StringBuilder();
                java.util.Set<String> seen = new java.util.HashSet<>();
                for (String item : items) {
                    String it = item.trim();
                    if (it.isEmpty() || !seen.add(it)) {
                        return null;
                    }
                    if (!allowed.isEmpty() && !allowed.contains(it)) {
                        return null;
                    }
                    if (itemPattern != null && !it.matches(itemPattern)) {
                        return null;
                    }
                    b.append(b.length() == 0 ? "" : ",").append(it);
                }
                return b.toString();
            }
            default:
                return raw;
        }
    }
}
