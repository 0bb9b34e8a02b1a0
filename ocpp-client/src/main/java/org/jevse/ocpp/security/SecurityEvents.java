package org.jevse.ocpp.security;

/** Where the client reports a security event (Security Whitepaper ed. 2 §8): logged, and sent if critical. */
@FunctionalInterface
public interface SecurityEvents {
    /**
     * @param techInfo what happened, for the Central System (cut to 255 characters), or null
     */
    void raise(SecurityEvent event, String techInfo);
}
