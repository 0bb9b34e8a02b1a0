package org.jevse.ocpp.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jevse.ocpp.testkit.OpenSsl;
import org.jevse.ocpp.v16.CertificateUse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The certificate store's switching rules (Security Whitepaper ed. 2 A02.FR.08-10, M05.FR.11-12), with openssl. */
class CertificateStoreTest {
    @TempDir
    Path dir;

    private void sign(String csr, String ca, String out, String serial) throws Exception {
        OpenSsl.run(dir, "x509", "-req", "-in", csr, "-CA", ca + ".pem", "-CAkey", ca + ".key", "-set_serial",
                "0x" + serial,
                "-out", out + ".pem", "-days", "2");
    }

    private void leaf(String name, String serial) throws Exception {
        OpenSsl.run(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
                "-subj",
                "/CN=SN-1");
        sign(name + ".csr", "root", name, serial);
    }

    private CertificateStore store;

    @BeforeEach
    void factoryCertificate() throws Exception {
        OpenSsl.ca(dir, "root");
        leaf("factory", "FAC7");
        store = CertificateStore.open(dir.resolve("certs"), dir.resolve("root.pem"),
                new TlsContexts.PemIdentity(dir.resolve("factory.pem"), dir.resolve("factory.key")));
    }

    private static BigInteger serial(Optional<TlsContexts.PemIdentity> id) throws Exception {
        return Pem.certificates(Files.readString(id.orElseThrow().certificateChain())).get(0).getSerialNumber();
    }

    /** A CSR made by the store's key, signed by the root, installed as the new certificate. */
    private void renewed(String serial) throws Exception {
        CsrFactory.Request r = CsrFactory.create("SN-1", "CPO");
        store.keepCsrKey(r.keys().getPrivate());
        Files.writeString(dir.resolve("renew.csr"), r.csrPem());
        sign("renew.csr", "root", "renewed", serial);
        store.installSigned(Pem.certificates(Files.readString(dir.resolve("renewed.pem"))));
    }

    @Test
    void aNewCertificateThatNeverConnectsIsGivenUpAndTheOldOneUsedAgain() throws Exception {
        renewed("5EC0DE");
        long now = System.currentTimeMillis();
        Optional<TlsContexts.PemIdentity> first = store.identity(now);
        assertEquals(new BigInteger("5EC0DE", 16), serial(first), "the new certificate is tried first");
        store.connectionFailed(first);
        Optional<TlsContexts.PemIdentity> second = store.identity(now);
        assertEquals(new BigInteger("5EC0DE", 16), serial(second));
        store.connectionFailed(second);
        assertEquals(new BigInteger("FAC7", 16), serial(store.identity(now)),
                "after " + CertificateStore.NEW_CERTIFICATE_ATTEMPTS + " failed attempts the old one is used");
        store.connected(store.identity(now));
        assertEquals(new BigInteger("FAC7", 16), serial(store.identity(now)), "a connection with the old one keeps it");
    }

    @Test
    void aNewCertificateIsNotUsedBeforeItsValidityStarts() throws Exception {
        renewed("5EC0DE");
        long notBefore = Pem.certificates(Files.readString(dir.resolve("renewed.pem"))).get(0).getNotBefore()
                .getTime();
        assertEquals(new BigInteger("FAC7", 16), serial(store.identity(notBefore - 1)));
        assertEquals(new BigInteger("5EC0DE", 16), serial(store.identity(notBefore)));
    }

    @Test
    void theInstallersNewCertificateWinsAtTheNextStart() throws Exception {
        leaf("replaced", "1A57");
        CertificateStore again = CertificateStore.open(dir.resolve("certs"), dir.resolve("root.pem"),
                new TlsContexts.PemIdentity(dir.resolve("factory.pem"), dir.resolve("factory.key")));
        assertEquals(new BigInteger("FAC7", 16), serial(again.identity(System.currentTimeMillis())),
                "unchanged files are not taken again");
        CertificateStore changed = CertificateStore.open(dir.resolve("certs"), dir.resolve("root.pem"),
                new TlsContexts.PemIdentity(dir.resolve("replaced.pem"), dir.resolve("replaced.key")));
        assertEquals(new BigInteger("1A57", 16), serial(changed.identity(System.currentTimeMillis())));
    }

    @Test
    void aReplacedCentralSystemRootStaysTrustedUntilAConnectionWorks() throws Exception {
        OpenSsl.ca(dir, "next-root");
        store.replaceCsmsRoot(Pem.certificates(Files.readString(dir.resolve("next-root.pem"))).get(0));
        assertEquals(2, store.installed(CertificateUse.CentralSystemRootCertificate).size(), "new + fallback");
        assertEquals(2, Pem.certificates(Files.readString(store.trustFile())).size());
        store.connected(Optional.empty());
        assertEquals(1, store.installed(CertificateUse.CentralSystemRootCertificate).size(), "M05.FR.12");
        assertEquals(1, Pem.certificates(Files.readString(store.trustFile())).size());
    }

    @Test
    void keysAreOwnerOnly() throws Exception {
        renewed("5EC0DE");
        Path key = dir.resolve("certs/charge-point/new.key");
        assertTrue(Files.exists(key));
        String perms = java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(key));
        assertEquals("rw-------", perms);
        assertFalse(Files.exists(dir.resolve("certs/charge-point/csr.key")), "the CSR key became the new key");
    }
}
