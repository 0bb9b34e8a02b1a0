package org.jevse.ocpp.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.jevse.ocpp.v16.CertificateUse;

/**
 * The charger's certificates on disk (Security Whitepaper ed. 2 §3 use cases A02, A03, M03-M05), every file written
 * atomically and owner-only ({@link AtomicFile}):
 * <ul>
 * <li>{@code csms-root/<sha256>.pem}, {@code manufacturer-root/<sha256>.pem}: installed root certificates, one per
 * file, named by the SHA-256 of their DER form; {@code csms-root-fallback/}: the root a new one replaced under
 * AdditionalRootCertificateCheck (M05.FR.11), trusted until a connection with the new one works (M05.FR.12/13);
 * {@code csms-roots.pem}: all trusted Central System roots in one file, the trust file of the TLS connection;</li>
 * <li>{@code charge-point/current.pem|.key}: the Charge Point certificate chain and its key in use;
 * {@code charge-point/new.pem|.key}: a certificate accepted by CertificateSigned, used from the next connection;
 * {@code charge-point/old.pem|.key}: the one it replaced, kept as fallback (A02.FR.10);
 * {@code charge-point/csr.key}: the key of the last SignCertificate, waiting for its certificate (A02.FR.05: it
 * never leaves the charger);</li>
 * <li>{@code provisioned-roots.pem}, {@code charge-point/provisioned.pem}: copies of the installer's CA file and
 * certificate as last taken, to notice a change of the local configuration.</li>
 * </ul>
 * Thread-safe.
 */
public final class CertificateStore {
    private static final Logger LOG = Logger.getLogger(CertificateStore.class.getName());
    /** Connection attempts with a new certificate that may fail before the old one is used again. */
    static final int NEW_CERTIFICATE_ATTEMPTS = 2;

    private final Path dir;
    private final Path cp;
    private int newFailures;

    private CertificateStore(Path dir) throws IOException {
        this.dir = dir;
        this.cp = dir.resolve("charge-point");
        Files.createDirectories(cp);
        Files.createDirectories(dir.resolve(folder(CertificateUse.CentralSystemRootCertificate)));
        Files.createDirectories(dir.resolve(folder(CertificateUse.ManufacturerRootCertificate)));
    }

    /**
     * Opens the store; on first use it takes the provisioned (factory) Central System roots and Charge Point
     * certificate, when given.
     *
     * @param provisionedRoots a PEM file of Central System root certificates, or null
     * @param provisioned the factory Charge Point certificate chain and key, or null
     */
    public static CertificateStore open(Path dir, Path provisionedRoots, TlsContexts.PemIdentity provisioned)
            throws IOException, GeneralSecurityException {
        CertificateStore s = new CertificateStore(dir);
        // The installer's files are taken when they are new or changed since they were last taken: a change of the
        // local configuration wins, as for the security profile (A00.FR.005 puts the installer outside OCPP).
        if (provisionedRoots != null && s.changed(provisionedRoots, dir.resolve("provisioned-roots.pem"))) {
            for (X509Certificate c : Pem.certificates(Files.readString(provisionedRoots))) {
                s.add(CertificateUse.CentralSystemRootCertificate, c);
            }
            AtomicFile.write(dir.resolve("provisioned-roots.pem"), Files.readAllBytes(provisionedRoots));
        }
        if (provisioned != null && s.changed(provisioned.certificateChain(), s.cp.resolve("provisioned.pem"))) {
            AtomicFile.write(s.cp.resolve("current.key"), Files.readAllBytes(provisioned.privateKey()));
            AtomicFile.write(s.cp.resolve("current.pem"), Files.readAllBytes(provisioned.certificateChain()));
            AtomicFile.delete(s.cp.resolve("new.pem"));
            AtomicFile.delete(s.cp.resolve("new.key"));
            AtomicFile.write(s.cp.resolve("provisioned.pem"), Files.readAllBytes(provisioned.certificateChain()));
        }
        s.writeTrustFile();
        return s;
    }

    // ---------------------------------------------------------------- root certificates

    /** The installed certificates of {@code use} (for the CSMS roots: with the fallback). */
    public synchronized List<X509Certificate> installed(CertificateUse use) throws IOException {
        List<X509Certificate> out = read(dir.resolve(folder(use)));
        if (use == CertificateUse.CentralSystemRootCertificate) {
            out.addAll(read(dir.resolve("csms-root-fallback")));
        }
        return out;
    }

    /** How many root certificates are installed, of both uses (CertificateStoreMaxLength counts these). */
    public synchronized int count() throws IOException {
        return installed(CertificateUse.CentralSystemRootCertificate).size()
                + installed(CertificateUse.ManufacturerRootCertificate).size();
    }

    public synchronized void add(CertificateUse use, X509Certificate c) throws IOException, CertificateException {
        AtomicFile.write(fileOf(use, c), Pem.certificate(c).getBytes(StandardCharsets.US_ASCII));
        writeTrustFile();
    }

    /** Replaces the Central System root(s) by {@code c}, keeping the old ones as fallback (M05.FR.09/11). */
    public synchronized void replaceCsmsRoot(X509Certificate c) throws IOException, CertificateException {
        Path fallback = dir.resolve("csms-root-fallback");
        Files.createDirectories(fallback);
        for (Path p : files(fallback)) {
            AtomicFile.delete(p);
        }
        for (Path p : files(dir.resolve(folder(CertificateUse.CentralSystemRootCertificate)))) {
            AtomicFile.write(fallback.resolve(p.getFileName()), Files.readAllBytes(p));
            AtomicFile.delete(p);
        }
        add(CertificateUse.CentralSystemRootCertificate, c);
    }

    /** Deletes an installed certificate file; false if it was not there. */
    public synchronized boolean remove(CertificateUse use, X509Certificate c) throws IOException, CertificateException {
        Path p = fileOf(use, c);
        Path fb = dir.resolve("csms-root-fallback").resolve(p.getFileName());
        boolean found = Files.exists(p) || Files.exists(fb);
        AtomicFile.delete(p);
        AtomicFile.delete(fb);
        writeTrustFile();
        return found;
    }

    /** The trust file for the TLS connection: every Central System root, or null while there is none. */
    public synchronized Path trustFile() {
        Path f = dir.resolve("csms-roots.pem");
        return Files.exists(f) ? f : null;
    }

    private void writeTrustFile() throws IOException {
        List<X509Certificate> roots = installed(CertificateUse.CentralSystemRootCertificate);
        Path f = dir.resolve("csms-roots.pem");
        if (roots.isEmpty()) {
            AtomicFile.delete(f);
            return;
        }
        try {
            AtomicFile.write(f, Pem.certificates(roots).getBytes(StandardCharsets.US_ASCII));
        } catch (CertificateException e) {
            throw new IOException(e);
        }
    }

    // ---------------------------------------------------------------- the Charge Point certificate

    /**
     * The certificate and key for the next connection: the new one once its validity has started (A02.FR.08),
     * unless it failed {@link #NEW_CERTIFICATE_ATTEMPTS} times; else the current one.
     */
    public synchronized Optional<TlsContexts.PemIdentity> identity(long nowMs) {
        if (usable("new", nowMs) && newFailures < NEW_CERTIFICATE_ATTEMPTS) {
            return Optional.of(identityOf("new"));
        }
        return Files.exists(cp.resolve("current.pem")) ? Optional.of(identityOf("current")) : Optional.empty();
    }

    public synchronized boolean hasChargePointCertificate() {
        return Files.exists(cp.resolve("current.pem")) || Files.exists(cp.resolve("new.pem"));
    }

    /** A connection with {@code used} opened: a new certificate becomes current, the old one the fallback. */
    public synchronized void connected(Optional<TlsContexts.PemIdentity> used) throws IOException {
        Path fallback = dir.resolve("csms-root-fallback");
        if (Files.isDirectory(fallback) && !files(fallback).isEmpty()) {
            for (Path p : files(fallback)) { // M05.FR.12: the new root works
                AtomicFile.delete(p);
            }
            writeTrustFile();
        }
        if (used.isEmpty() || !used.get().certificateChain().equals(cp.resolve("new.pem"))) {
            return;
        }
        for (String ext : List.of(".pem", ".key")) {
            Path cur = cp.resolve("current" + ext);
            if (Files.exists(cur)) {
                AtomicFile.write(cp.resolve("old" + ext), Files.readAllBytes(cur));
            }
        }
        // the key before the certificate: a crash in between leaves a current.pem whose key is old.key's twin
        AtomicFile.write(cp.resolve("current.key"), Files.readAllBytes(cp.resolve("new.key")));
        AtomicFile.write(cp.resolve("current.pem"), Files.readAllBytes(cp.resolve("new.pem")));
        AtomicFile.delete(cp.resolve("new.pem"));
        AtomicFile.delete(cp.resolve("new.key"));
        newFailures = 0;
        LOG.info("the new Charge Point certificate works: it is now the current one (the old one is kept)");
    }

    /** A connection attempt with {@code used} failed. */
    public synchronized void connectionFailed(Optional<TlsContexts.PemIdentity> used) {
        if (used.isPresent() && used.get().certificateChain().equals(cp.resolve("new.pem"))) {
            newFailures++;
            if (newFailures == NEW_CERTIFICATE_ATTEMPTS) {
                LOG.warning("no connection with the new Charge Point certificate: using the current one again");
            }
        }
    }

    /** Keeps the key of a SignCertificate.req until its certificate comes (A02.FR.05: on the charger only). */
    public synchronized void keepCsrKey(PrivateKey key) throws IOException {
        AtomicFile.write(cp.resolve("csr.key"), Pem.privateKey(key).getBytes(StandardCharsets.US_ASCII));
    }

    /** The key waiting for its certificate, if any. */
    public synchronized Optional<PrivateKey> csrKey() throws IOException, GeneralSecurityException {
        Optional<byte[]> b = AtomicFile.read(cp.resolve("csr.key"));
        return b.isEmpty() ? Optional.empty() : Optional.of(Pem.privateKey(new String(b.get(),
                StandardCharsets.US_ASCII)));
    }

    /** Stores a validated chain for the CSR key as the new certificate, used from the next connection. */
    public synchronized void installSigned(List<X509Certificate> chain) throws IOException, GeneralSecurityException {
        Optional<byte[]> key = AtomicFile.read(cp.resolve("csr.key"));
        if (key.isEmpty()) {
            throw new GeneralSecurityException("no key waiting for a certificate");
        }
        AtomicFile.write(cp.resolve("new.key"), key.get());
        AtomicFile.write(cp.resolve("new.pem"), Pem.certificates(chain).getBytes(StandardCharsets.US_ASCII));
        AtomicFile.delete(cp.resolve("csr.key"));
        newFailures = 0;
    }

    // ---------------------------------------------------------------- internals

    private boolean changed(Path configured, Path lastTaken) throws IOException {
        return !Files.exists(lastTaken) || !java.util.Arrays.equals(Files.readAllBytes(configured),
                Files.readAllBytes(lastTaken));
    }

    private boolean usable(String name, long nowMs) {
        Path pem = cp.resolve(name + ".pem");
        if (!Files.exists(pem)) {
            return false;
        }
        try {
            X509Certificate leaf = Pem.certificates(Files.readString(pem)).get(0);
            return leaf.getNotBefore().getTime() <= nowMs;
        } catch (IOException | CertificateException e) {
            LOG.warning("unreadable " + pem + ": " + e.getMessage());
            return false;
        }
    }

    private TlsContexts.PemIdentity identityOf(String name) {
        return new TlsContexts.PemIdentity(cp.resolve(name + ".pem"), cp.resolve(name + ".key"));
    }

    private Path fileOf(CertificateUse use, X509Certificate c) throws CertificateException {
        try {
            String h = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
            return dir.resolve(folder(use)).resolve(h + ".pem");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String folder(CertificateUse use) {
        return use == CertificateUse.CentralSystemRootCertificate ? "csms-root" : "manufacturer-root";
    }

    private static List<Path> files(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return new ArrayList<>();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return new ArrayList<>(s.filter(p -> p.getFileName().toString().endsWith(".pem")).sorted().toList());
        }
    }

    private static List<X509Certificate> read(Path folder) throws IOException {
        List<X509Certificate> out = new ArrayList<>();
        for (Path p : files(folder)) {
            try {
                out.addAll(Pem.certificates(Files.readString(p)));
            } catch (CertificateException e) {
                LOG.warning("unreadable certificate " + p + " skipped: " + e.getMessage());
            }
        }
        return out;
    }
}
