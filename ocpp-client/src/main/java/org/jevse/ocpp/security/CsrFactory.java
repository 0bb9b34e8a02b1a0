package org.jevse.ocpp.security;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * A new key pair and its certificate signing request (Security Whitepaper ed. 2 A02.FR.02/03/13): an EC key on
 * secp256r1 (a curve of §4.2.1.3 of BSI TR-03116, the whitepaper's [6]), a PKCS#10 request (RFC 2986) signed with
 * SHA256withECDSA, PEM encoded, whose subject is CN = the charge point's serial number (A00.FR.511) and O = CpoName.
 * The private key stays with the caller, which keeps it on the charger (A02.FR.05).
 */
public final class CsrFactory {
    private CsrFactory() {
    }

    /** A key pair and the PEM CSR of its public key. */
    public record Request(KeyPair keys, String csrPem) {
        @Override
        public String toString() {
            return "Request[csr]"; // never the private key in a log line
        }
    }

    public static Request create(String serialNumber, String cpoName) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = g.generateKeyPair();
        X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE);
        if (cpoName != null && !cpoName.isEmpty()) {
            subject.addRDN(BCStyle.O, cpoName);
        }
        subject.addRDN(BCStyle.CN, serialNumber);
        try {
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate());
            PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(subject.build(),
                    keys.getPublic()).build(signer);
            return new Request(keys, Pem.block("CERTIFICATE REQUEST", csr.getEncoded()));
        } catch (OperatorCreationException | IOException e) {
            throw new GeneralSecurityException("CSR could not be made: " + e.getMessage(), e);
        }
    }
}
