package org.jevse.ocpp.localauth;

/**
 * The Local Authorization List Management profile's capabilities (OCPP 1.6 §3.5.2, §9.2).
 *
 * @param supported whether LocalAuthListManagement is in SupportedFeatureProfiles; if not, SendLocalList answers
 *     NotSupported and GetLocalListVersion -1 (§5.10, §7.47)
 * @param localAuthListMaxLength LocalAuthListMaxLength: identifiers the list can hold
 * @param sendLocalListMaxLength SendLocalListMaxLength: identifiers in one SendLocalList.req
 */
public record LocalListConfig(boolean supported, int localAuthListMaxLength, int sendLocalListMaxLength) {
    /** jevse's list: 10,000 identifiers (a few MiB of JSON), at most 1,000 in one SendLocalList. */
    public static final LocalListConfig DEFAULT = new LocalListConfig(true, 10_000, 1_000);

    public LocalListConfig {
        if (localAuthListMaxLength < 0 || sendLocalListMaxLength < 0) {
            throw new IllegalArgumentException("negative list length");
        }
    }
}
