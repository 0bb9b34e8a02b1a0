package org.jevse.ocpp.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * SSLContexts for security profiles 2 and 3 (Security Whitepaper ed. 2 §2.4, §2.5) from PEM files, with plain JDK
 * APIs. The context trusts exactly the configured CA certificates: never the JDK's default trust store, never
 * trust-all (A00.FR.307/411: the charge point verifies the Central System's certification path).
 */
public final class TlsContexts {
    /** TLS 1.2 or above (A00.FR.312/416). */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final char[] IN_MEMORY_PASSWORD = "in-memory".toCharArray();

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
            throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        List<X509Certificate> cas = readCertificates(trustedCertificates);
        for (int i = 0; i < cas.size(); i++) {
            trust.setCertificateEntry("ca-" + i, cas.get(i));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        KeyManager[] keyManagers = null;
        if (identity.isPresent()) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            List<X509Certificate> chain = readCertificates(identity.get().certificateChain());
            keys.setKeyEntry("identity", readPrivateKey(identity.get().privateKey()), IN_MEMORY_PASSWORD,
                    chain.toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, IN_MEMORY_PASSWORD);
            keyManagers = kmf.getKeyManagers();
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers, tmf.getTrustManagers(), null);
        return context;
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

    static List<X509Certificate> readCertificates(Path pem) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> certs;
        try (InputStream in = new ByteArrayInputStream(Files.readAllBytes(pem))) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        List<X509Certificate> out = new ArrayList<>();
        for (Certificate c : certs) {
            out.add((X509Certificate) c);
        }
        if (out.isEmpty()) {
            throw new GeneralSecurityException("no certificate in " + pem);
        }
        return out;
    }

    static PrivateKey readPrivateKey(Path pem) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        Matcher m = PRIVATE_KEY.matcher(text);
        if (!m.find()) {
            throw new GeneralSecurityException(pem + " holds no unencrypted PKCS#8 key (BEGIN PRIVATE KEY); convert it"
                    + " with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem");
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(m.group(1)));
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (InvalidKeySpecException e) {
                // not this algorithm; try the next
            }
        }
        throw new GeneralSecurityException(pem + ": the key is neither RSA nor EC");
    }
}
