package org.jevse.ocpp.security;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.jevse.tls.PemTls;

/**
 * SSLContexts for security profiles 2 and 3 (Security Whitepaper ed. 2 §2.4, §2.5) from PEM files, with plain JDK
 * APIs ({@link PemTls}). The context trusts exactly the configured CA certificates: never the JDK's default trust
 * store, never trust-all (A00.FR.307/411: the charge point verifies the Central System's certification path).
 */
public final class TlsContexts {
    /** TLS 1.2 or above (A00.FR.312/416). */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private TlsContexts() {
    }

    /**
     * A key and certificate chain in PEM files: the Charge Point certificate for profile 3 (A00.FR.401/402).
     *
     * @param certificateChain the certificate, optionally followed by intermediate CA certificates
     * @param privateKey an unencrypted PKCS#8 key ("BEGIN PRIVATE KEY"), RSA or EC
     */
    public record PemIdentity(Path certificateChain, Path privateKey) {
    }

    /**
     * The SSLContext of a connection.
     *
     * @param trustedCertificates PEM file with the CA certificate(s) to check the peer against
     * @param identity our own certificate and key: the Charge Point certificate for profile 3; empty for profile 2
     */
    public static SSLContext create(Path trustedCertificates, Optional<PemIdentity> identity)
            throws GeneralSecurityException {
        if (PemTls.empty(trustedCertificates.toString())) {
            // PemTls would fall back to the JVM's trust store; OCPP must trust exactly the configured CAs.
            throw new GeneralSecurityException("no CA file to check the Central System against");
        }
        try {
            return PemTls.context(trustedCertificates.toString(),
                    identity.map(i -> i.certificateChain().toString()).orElse(""),
                    identity.map(i -> i.privateKey().toString()).orElse(""));
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }

    /**
     * Parameters for the client socket: TLS 1.2+ and host name verification against the certificate, so the server
     * certificate has to name the host of the Central System URL (A00.FR.308/412). Apply them to every socket
     * (Java-WebSocket: in {@code onSetSSLParameters}).
     */
    public static SSLParameters clientParameters() {
        SSLParameters p = new SSLParameters();
        p.setProtocols(PROTOCOLS.toArray(new String[0]));
        p.setEndpointIdentificationAlgorithm("HTTPS");
        return p;
    }
}
