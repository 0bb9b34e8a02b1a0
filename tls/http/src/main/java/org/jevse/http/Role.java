package org.jevse.http;

/** What a user may do: {@code read} the status, the log and the configuration; {@code control} also change things. */
public enum Role {
    READ, CONTROL;

    /** True if this role includes {@code needed} (control includes read). */
    public boolean allows(Role needed) {
        return ordinal() >= needed.ordinal();
    }

    /** The role's name in the configuration ({@code read}, {@code control}). */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The role named {@code key}, or an {@link IllegalArgumentException} naming {@code field} and what is allowed. */
    public static Role parse(String field, String key) {
        for (Role r : values()) {
            if (r.key().equals(key)) {
                return r;
            }
        }
        throw new IllegalArgumentException(field + ": '" + key + "' is not a role (allowed: read, control)");
    }
}
