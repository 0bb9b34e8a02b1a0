package org.jevse.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * An SSLContext from PEM files, with plain JDK APIs: the CA certificate(s) to trust and optionally a client
 * certificate chain with its unencrypted PKCS#8 key (RSA or EC) for mutual TLS. The one PEM reader of jevse: the
 * energy tree's MQTT links and the OCPP client's security profiles 2 and 3 both use it.
 *
 * <p>Every problem with a file is an {@link IllegalArgumentException} with one line naming the file and what is
 * wrong with it: this runs at start-up, and the caller reports it as bad input.
 */
public final class PemTls {

    static final String CA = "CA file";
    static final String CERT = "client certificate file";
    static final String KEY = "client key file";
    static final String SERVER_CERT = "server certificate file";
    static final String SERVER_KEY = "server key file";

    private static final Pattern PKCS8 = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]*)-----END PRIVATE KEY-----");
    private static final char[] IN_MEMORY_PASSWORD = "in-memory".toCharArray();

    private PemTls() {
    }

    /**
     * @param caFile   PEM file with every CA certificate to trust; empty: the JVM's default trust store
     * @param certFile PEM client certificate, optionally followed by intermediates; empty: no client certificate
     * @param keyFile  PEM unencrypted PKCS#8 key of certFile; empty exactly when certFile is
     */
    public static SSLContext context(String caFile, String certFile, String keyFile) {
        boolean hasCert = !empty(certFile);
        boolean hasKey = !empty(keyFile);
        if (hasCert && !hasKey) {
            throw new IllegalArgumentException(CERT + " " + certFile + " is set but the " + KEY
                    + " (its private key) is not");
        }
        if (hasKey && !hasCert) {
            throw new IllegalArgumentException(KEY + " " + keyFile + " is set but the " + CERT + " is not");
        }
        TrustManager[] trust = empty(caFile) ? null : trustManagers(caFile);
        KeyManager[] keys = hasCert ? keyManagers(CERT, certFile, KEY, keyFile) : null;
        return init(keys, trust);
    }

    /**
     * A server's context: its certificate chain and the chain's unencrypted PKCS#8 key (the HTTPS of the APIs).
     * Clients are not asked for certificates.
     */
    public static SSLContext serverContext(String certFile, String keyFile) {
        if (empty(certFile) || empty(keyFile)) {
            throw new IllegalArgumentException(empty(certFile) ? SERVER_CERT + " is not set (HTTPS needs both files)"
                    : SERVER_KEY + " is not set (HTTPS needs both files)");
        }
        return init(keyManagers(SERVER_CERT, certFile, SERVER_KEY, keyFile), null);
    }

    private static SSLContext init(KeyManager[] keys, TrustManager[] trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available in this JVM: " + e.getMessage(), e);
        }
    }

    public static boolean empty(String s) {
        return s == null || s.isEmpty();
    }

    private static TrustManager[] trustManagers(String caFile) {
        List<X509Certificate> cas = certificates(CA, caFile);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                store.setCertificateEntry("ca-" + i, cas.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(store);
            return tmf.getTrustManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(CA + " " + caFile + ": cannot use its certificates: " + oneLine(e), e);
        }
    }

    private static KeyManager[] keyManagers(String certRole, String certFile, String keyRole, String keyFile) {
        List<X509Certificate> chain = certificates(certRole, certFile);
        PrivateKey key = privateKey(keyRole, keyFile);
        if (!belongTogether(key, chain.get(0).getPublicKey())) {
            throw new IllegalArgumentException(keyRole + " " + keyFile + " is not the key of the " + certRole + " "
                    + certFile);
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("client", key, IN_MEMORY_PASSWORD, chain.toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, IN_MEMORY_PASSWORD);
            return kmf.getKeyManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(keyRole + " " + keyFile + ": cannot use it with " + certFile + ": "
                    + oneLine(e), e);
        }
    }

    /** Every X.509 certificate in a PEM file (at least one). */
    static List<X509Certificate> certificates(String role, String file) {
        byte[] bytes = read(role, file);
        Collection<? extends Certificate> certs;
        try {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes));
        } catch (CertificateException e) {
            throw new IllegalArgumentException(role + " " + file + ": not a valid PEM certificate file ("
                    + oneLine(e) + ")", e);
        }
        List<X509Certificate> out = new ArrayList<>();
        for (Certificate c : certs) {
            out.add((X509Certificate) c);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(role + " " + file
                    + ": no certificate in it (expected PEM: -----BEGIN CERTIFICATE-----)");
        }
        return out;
    }

    /** The unencrypted PKCS#8 RSA or EC key in a PEM file. */
    static PrivateKey privateKey(String role, String file) {
        String text = new String(read(role, file), StandardCharsets.US_ASCII);
        String convert = "; convert it to unencrypted PKCS#8 with: openssl pkcs8 -topk8 -nocrypt -in " + file
                + " -out " + file + ".pk8";
        Matcher m = PKCS8.matcher(text);
        if (!m.find()) {
            String what;
            if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") || text.contains("Proc-Type: 4,ENCRYPTED")) {
                what = "an encrypted key";
            } else if (text.contains("-----BEGIN RSA PRIVATE KEY-----")) {
                what = "a PKCS#1 RSA key (BEGIN RSA PRIVATE KEY)";
            } else if (text.contains("-----BEGIN EC PRIVATE KEY-----")) {
                what = "a SEC1 EC key (BEGIN EC PRIVATE KEY)";
            } else {
                throw new IllegalArgumentException(role + " " + file
                        + ": no private key in it (expected PEM: -----BEGIN PRIVATE KEY-----)");
            }
            throw new IllegalArgumentException(role + " " + file + " holds " + what + convert);
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(role + " " + file + ": the PEM key is not valid base64", e);
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
                // not this algorithm (or damaged): try the next
            }
        }
        throw new IllegalArgumentException(role + " " + file + ": not a readable RSA or EC PKCS#8 private key");
    }

    /** True if {@code key} signs what {@code pub} verifies. */
    private static boolean belongTogether(PrivateKey key, PublicKey pub) {
        if (!key.getAlgorithm().equals(pub.getAlgorithm())) {
            return false;
        }
        try {
            String alg = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
            byte[] probe = "jevse".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(pub);
            v.update(probe);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static byte[] read(String role, String file) {
        try {
            return Files.readAllBytes(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(role + " " + file + ": no such file", e);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(role + " " + file + ": cannot read it (" + oneLine(e) + ")", e);
        }
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
