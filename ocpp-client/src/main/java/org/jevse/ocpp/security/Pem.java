package org.jevse.ocpp.security;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PEM text (RFC 7468) to and from X.509 certificates and PKCS#8 keys, with JDK APIs only. */
public final class Pem {
    private static final Pattern CERT = Pattern.compile(
            "-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]+)-----END CERTIFICATE-----");
    private static final Pattern KEY = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private Pem() {
    }

    /** Every certificate in {@code pem}, in order; throws if there is none or one does not parse. */
    public static List<X509Certificate> certificates(String pem) throws CertificateException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        Matcher m = CERT.matcher(pem == null ? "" : pem);
        while (m.find()) {
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(m.group(1));
            } catch (IllegalArgumentException e) {
                throw new CertificateException("bad Base64 in a PEM certificate");
            }
            out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
        }
        if (out.isEmpty()) {
            throw new CertificateException("no PEM certificate found");
        }
        return out;
    }

    public static String certificate(X509Certificate c) throws CertificateException {
        return block("CERTIFICATE", c.getEncoded());
    }

    /** The certificates as one PEM text, in order. */
    public static String certificates(List<X509Certificate> chain) throws CertificateException {
        StringBuilder b = new StringBuilder();
        for (X509Certificate c : chain) {
            b.append(certificate(c));
        }
        return b.toString();
    }

    public static String privateKey(PrivateKey k) {
        return block("PRIVATE KEY", k.getEncoded());
    }

    /** An unencrypted PKCS#8 key (EC or RSA). */
    public static PrivateKey privateKey(String pem) throws java.security.GeneralSecurityException {
        Matcher m = KEY.matcher(pem);
        if (!m.find()) {
            throw new java.security.spec.InvalidKeySpecException("no PKCS#8 PEM private key found");
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(m.group(1)));
        for (String alg : List.of("EC", "RSA")) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(spec);
            } catch (java.security.spec.InvalidKeySpecException e) {
                // try the next algorithm
            }
        }
        throw new java.security.spec.InvalidKeySpecException("private key is neither EC nor RSA");
    }

    static String block(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
