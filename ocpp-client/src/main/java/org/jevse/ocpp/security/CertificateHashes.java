package org.jevse.ocpp.security;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.jevse.ocpp.v16.GetInstalledCertificateIdsCertificateHashData;
import org.jevse.ocpp.v16.HashAlgorithm;

/**
 * The CertificateHashDataType of the Security Whitepaper ed. 2 §6.1 (as OCSP's CertID, RFC 6960): the hash of the
 * issuer's distinguished name (DER), the hash of the issuer's public key (the subjectPublicKey bits), and the
 * certificate's serial number in hexadecimal.
 */
public record CertificateHashes(HashAlgorithm algorithm, String issuerNameHash, String issuerKeyHash,
                                String serialNumber) {

    /**
     * The hash data of {@code cert}, whose issuer's key is {@code issuerKey} (the certificate's own key for a
     * self-signed root).
     */
    public static CertificateHashes of(X509Certificate cert, PublicKey issuerKey, HashAlgorithm algorithm) {
        MessageDigest md = digest(algorithm);
        String name = HexFormat.of().formatHex(md.digest(cert.getIssuerX500Principal().getEncoded()));
        byte[] keyBits = SubjectPublicKeyInfo.getInstance(issuerKey.getEncoded()).getPublicKeyData().getBytes();
        String key = HexFormat.of().formatHex(md.digest(keyBits));
        return new CertificateHashes(algorithm, name, key, cert.getSerialNumber().toString(16));
    }

    /** Equal hash data, comparing the hex strings without regard to case or leading zeros of the serial. */
    public boolean matches(HashAlgorithm alg, String nameHash, String keyHash, String serial) {
        return algorithm == alg && issuerNameHash.equalsIgnoreCase(nameHash) && issuerKeyHash.equalsIgnoreCase(keyHash)
                && stripZeros(serialNumber).equalsIgnoreCase(stripZeros(serial));
    }

    public GetInstalledCertificateIdsCertificateHashData toInstalled() {
        return new GetInstalledCertificateIdsCertificateHashData(algorithm, issuerNameHash, issuerKeyHash,
                serialNumber);
    }

    private static String stripZeros(String hex) {
        String s = hex.replaceFirst("^0+", "");
        return s.isEmpty() ? "0" : s;
    }

    private static MessageDigest digest(HashAlgorithm a) {
        String name = switch (a) {
            case SHA256 -> "SHA-256";
            case SHA384 -> "SHA-384";
            case SHA512 -> "SHA-512";
        };
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
