package org.jevse.ocpp.security;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/** The checks of certificates sent by the Central System (Security Whitepaper ed. 2 A02.FR.06, §2.6.1, M05). */
public final class CertificateChecks {
    private CertificateChecks() {
    }

    /** A certificate chain that passed {@link #signedChain}: the leaf first. */
    public record Verdict(Optional<List<X509Certificate>> chain, String reason) {
        static Verdict bad(String reason) {
            return new Verdict(Optional.empty(), reason);
        }
    }

    /**
     * CertificateSigned.req: the chain parses, is at most {@code maxChars} long (CertificateSignedMaxChainSize),
     * its leaf is for {@code key} (the key of our CSR), names {@code serialNumber} as CN (A00.FR.511), is not
     * expired at {@code now} (it may start later), and the chain leads to one of {@code roots} (the Charge Point Operator's hierarchy, A02.FR.06).
     */
    public static Verdict signedChain(String pem, int maxChars, PrivateKey key, String serialNumber,
                                      List<X509Certificate> roots, Date now) {
        if (pem.length() > maxChars) {
            return Verdict.bad("certificateChain is " + pem.length() + " characters, CertificateSignedMaxChainSize is "
                    + maxChars);
        }
        List<X509Certificate> chain;
        try {
            chain = Pem.certificates(pem);
        } catch (CertificateException e) {
            return Verdict.bad("certificateChain does not parse: " + e.getMessage());
        }
        X509Certificate leaf = chain.get(0);
        if (!matches(leaf.getPublicKey(), key)) {
            return Verdict.bad("the certificate is not for the key of the last SignCertificate.req");
        }
        String cn = commonName(leaf.getSubjectX500Principal());
        if (!serialNumber.equals(cn)) {
            return Verdict.bad("the certificate's CN is '" + cn + "', not the serial number " + serialNumber);
        }
        if (roots.isEmpty()) {
            return Verdict.bad("no Central System root certificate to check the chain against");
        }
        try {
            Set<TrustAnchor> anchors = new HashSet<>();
            for (X509Certificate r : roots) {
                anchors.add(new TrustAnchor(r, null));
            }
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false); // no CRL or OCSP access is required of a charge point
            // A02.FR.08: a certificate whose validity starts later is not invalid, it is used from then on.
            params.setDate(now.before(leaf.getNotBefore()) ? leaf.getNotBefore() : now);
            // A root sent along is not part of the path: trust comes from the installed roots only.
            List<X509Certificate> path = chain.stream().filter(c -> !selfSigned(c)).toList();
            CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509")
                    .generateCertPath(path), params);
        } catch (GeneralSecurityException e) {
            return Verdict.bad("the chain does not lead to an installed Central System root: " + e.getMessage()
                    + (e.getCause() != null ? " (" + e.getCause().getMessage() + ")" : ""));
        }
        return new Verdict(Optional.of(chain), null);
    }

    /** InstallCertificate: a CA certificate valid at {@code now} (M05.FR.06), or why not. */
    public static Optional<String> rootCertificate(X509Certificate c, Date now) {
        try {
            c.checkValidity(now);
        } catch (CertificateException e) {
            return Optional.of("the certificate is not valid now: " + e.getMessage());
        }
        if (c.getBasicConstraints() < 0) {
            return Optional.of("not a CA certificate (basicConstraints CA is not true)");
        }
        return Optional.empty();
    }

    /** Whether {@code c}'s signature verifies with {@code issuer}'s key (M05.FR.09). */
    public static boolean signedBy(X509Certificate c, X509Certificate issuer) {
        try {
            c.verify(issuer.getPublicKey());
            return c.getIssuerX500Principal().equals(issuer.getSubjectX500Principal());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Whether {@code pub} is the public half of {@code key}: a signature by one verifies with the other. */
    static boolean matches(PublicKey pub, PrivateKey key) {
        if (!pub.getAlgorithm().equals(key.getAlgorithm())) {
            return false;
        }
        String alg = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(challenge);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(pub);
            v.update(challenge);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    public static boolean selfSigned(X509Certificate c) {
        return c.getSubjectX500Principal().equals(c.getIssuerX500Principal()) && signedBy(c, c);
    }

    /** The issuer's key: the certificate's own for a self-signed one, else an installed issuer's, else its own. */
    public static PublicKey issuerKey(X509Certificate c, List<X509Certificate> candidates) {
        for (X509Certificate i : candidates) {
            if (i != c && signedBy(c, i)) {
                return i.getPublicKey();
            }
        }
        return c.getPublicKey();
    }

    static String commonName(X500Principal p) {
        try {
            for (javax.naming.ldap.Rdn rdn : new javax.naming.ldap.LdapName(p.getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
        } catch (javax.naming.InvalidNameException e) {
            return null;
        }
        return null;
    }
}
