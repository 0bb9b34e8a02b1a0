package org.jevse.ocpp.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Signed firmware (Security Whitepaper ed. 2 L01): the signing certificate must be signed by an installed
 * manufacturer root and valid (L01.FR.23/24); the signature (Base64) is over the whole file with SHA-256
 * (L01.FR.04): RSASSA-PSS (MGF1 SHA-256, 32-byte salt) for an RSA key, with PKCS#1 v1.5 accepted as well since many
 * manufacturers sign that way; ECDSA for an EC key (the JDK has no EC-Schnorr).
 */
public final class FirmwareSignature {
    private FirmwareSignature() {
    }

    /** Why the signing certificate is not acceptable, or empty. */
    public static Optional<String> certificateProblem(String pem, List<X509Certificate> manufacturerRoots, Date now) {
        X509Certificate cert;
        try {
            cert = Pem.certificates(pem).get(0);
            cert.checkValidity(now);
        } catch (GeneralSecurityException e) {
            return Optional.of("signing certificate: " + e.getMessage());
        }
        if (manufacturerRoots.isEmpty()) {
            return Optional.of("no manufacturer root certificate installed");
        }
        for (X509Certificate root : manufacturerRoots) {
            if (CertificateChecks.signedBy(cert, root) || cert.equals(root)) {
                return Optional.empty();
            }
        }
        return Optional.of("the signing certificate is not signed by an installed manufacturer root");
    }

    /** Whether {@code signatureB64} is a valid signature of {@code file} by the key of {@code certificatePem}. */
    public static boolean verify(Path file, String signatureB64, String certificatePem) throws IOException {
        byte[] sig;
        PublicKey key;
        try {
            sig = Base64.getMimeDecoder().decode(signatureB64);
            key = Pem.certificates(certificatePem).get(0).getPublicKey();
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
        List<String> algorithms = "EC".equals(key.getAlgorithm()) ? List.of("SHA256withECDSA")
                : List.of("RSASSA-PSS", "SHA256withRSA");
        for (String alg : algorithms) {
            try {
                Signature s = Signature.getInstance(alg);
                if (alg.equals("RSASSA-PSS")) {
                    s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                }
                s.initVerify(key);
                try (InputStream in = Files.newInputStream(file)) {
                    byte[] buf = new byte[64 * 1024];
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        s.update(buf, 0, n);
                    }
                }
                if (s.verify(sig)) {
                    return true;
                }
            } catch (GeneralSecurityException e) {
                // not this algorithm: try the next one
            }
        }
        return false;
    }
}
