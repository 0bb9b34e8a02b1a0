package org.jevse.config;

/**
 * The rule for an id that becomes one level of an MQTT topic (a charger's leaf id in
 * {@code PREFIX/energy/LEAF_ID/status}) or a field of the energy tree's contract: 1 to {@link #MAX_CHARS}
 * characters, none of them {@code /}, {@code +}, {@code #} (MQTT 5 §4.7: level separator and wildcards) or a
 * control character. The charger's and the manager's files and the contract's reader share it.
 */
public final class TopicLevel {

    /** The longest id: short enough that every message of the contract stays under 1 KiB. */
    public static final int MAX_CHARS = 64;

    /** What is allowed, for messages. */
    public static final String ALLOWED = "1 to " + MAX_CHARS + " characters without / + # or control characters";

    private TopicLevel() {
    }

    /**
     * Throws, naming {@code key} and what is allowed, unless {@code id} follows the rule.
     *
     * @throws IllegalArgumentException "KEY "ID" is not a topic level; allowed: ..."
     */
    public static void require(String key, String id) {
        if (!valid(id)) {
            throw new IllegalArgumentException(key + " " + Quoted.text(id) + " is not a topic level; allowed: " + ALLOWED);
        }
    }

    /** True if {@code id} follows the rule. */
    public static boolean valid(String id) {
        return id != null && !id.isEmpty() && id.length() <= MAX_CHARS
                && id.chars().noneMatch(c -> c == '/' || c == '+' || c == '#' || Character.isISOControl(c));
    }
}
