package org.jevse.ocpp.security;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.jevse.ocpp.v16.SecurityEventNotificationRequest;

/**
 * The security events of the OCPP 1.6 Security Whitepaper ed. 2 §8, with their criticality. Every event goes to
 * the security log (A04.FR.04); critical ones are also sent with SecurityEventNotification.req, queued with
 * guaranteed delivery while offline (A04.FR.01/02).
 */
public enum SecurityEvent {
    FirmwareUpdated(true),
    FailedToAuthenticateAtCentralSystem(false),
    CentralSystemFailedToAuthenticate(false),
    SettingSystemTime(true),
    StartupOfTheDevice(true),
    ResetOrReboot(true),
    SecurityLogWasCleared(true),
    ReconfigurationOfSecurityParameters(false),
    MemoryExhaustion(true),
    InvalidMessages(false),
    AttemptedReplayAttacks(false),
    TamperDetectionActivated(true),
    InvalidFirmwareSignature(false),
    InvalidFirmwareSigningCertificate(false),
    // The next four are named by requirements but missing from the §8 table; not critical, as in the OCPP 2.0.1
    // list the whitepaper is based on (and the connection they concern has failed anyway).
    /** A00.FR.309/413: the Central System's certificate failed validation. */
    InvalidCentralSystemCertificate(false),
    /** A certificate sent for installation as the Charge Point certificate is invalid. */
    InvalidChargePointCertificate(false),
    /** A00.FR.315/419. */
    InvalidTLSVersion(false),
    /** A00.FR.318/322/422/426. */
    InvalidTLSCipherSuite(false);

    private static final int TECH_INFO_MAX = 255; // §5.15: techInfo string[0..255]

    private final boolean critical;

    SecurityEvent(boolean critical) {
        this.critical = critical;
    }

    /** Critical events are pushed to the Central System (§8, A04.FR.01). */
    public boolean critical() {
        return critical;
    }

    /**
     * The SecurityEventNotification.req for this event (§5.15). techInfo is cut to 255 characters.
     *
     * @param techInfo additional information, or null
     */
    public SecurityEventNotificationRequest notification(Instant at, String techInfo) {
        String info = techInfo;
        if (info != null && info.length() > TECH_INFO_MAX) {
            // Cut on a code point boundary: half a surrogate pair is not a valid string.
            int end = Character.isHighSurrogate(info.charAt(TECH_INFO_MAX - 1)) ? TECH_INFO_MAX - 1 : TECH_INFO_MAX;
            info = info.substring(0, end);
        }
        return new SecurityEventNotificationRequest(name(),
                DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.MILLIS)), info);
    }
}
