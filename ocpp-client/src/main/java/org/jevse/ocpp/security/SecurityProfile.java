package org.jevse.ocpp.security;

/** The security profiles of the OCPP 1.6 Security Whitepaper ed. 2 §2.1 (0: none configured, §7.6). */
public enum SecurityProfile {
    /** No security profile configured (the SecurityProfile key's default, §7.6). */
    NONE(0, false, false, false),
    /** Unsecured transport (ws://) with HTTP Basic authentication (§2.3). */
    BASIC_AUTH(1, false, true, false),
    /** TLS (wss://), server certificate checked against the configured CA, plus HTTP Basic authentication (§2.4). */
    TLS_BASIC_AUTH(2, true, true, false),
    /** TLS with a client certificate (mutual TLS), no Basic authentication (§2.5). */
    TLS_CLIENT_CERTIFICATE(3, true, false, true);

    private final int number;
    private final boolean tls;
    private final boolean basicAuth;
    private final boolean clientCertificate;

    SecurityProfile(int number, boolean tls, boolean basicAuth, boolean clientCertificate) {
        this.number = number;
        this.tls = tls;
        this.basicAuth = basicAuth;
        this.clientCertificate = clientCertificate;
    }

    /** The value of the SecurityProfile configuration key. */
    public int number() {
        return number;
    }

    /** Whether the connection is wss:// with the server certificate checked (A00.FR.307/411). */
    public boolean tls() {
        return tls;
    }

    /** Whether the profile authenticates the charge point with HTTP Basic (A00.FR.202/301). */
    public boolean basicAuth() {
        return basicAuth;
    }

    /** Whether the charge point presents a TLS client certificate (A00.FR.401). */
    public boolean clientCertificate() {
        return clientCertificate;
    }

    /** The WebSocket URL scheme the profile uses: a profile's transport is not negotiable (A00.FR.001-003). */
    public String scheme() {
        return tls ? "wss" : "ws";
    }

    public static SecurityProfile of(int number) {
        for (SecurityProfile p : values()) {
            if (p.number == number) {
                return p;
            }
        }
        throw new IllegalArgumentException("no security profile " + number);
    }
}
