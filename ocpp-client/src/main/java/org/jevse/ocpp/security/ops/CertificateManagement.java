package org.jevse.ocpp.security.ops;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.jevse.ocpp.config.ConfigKey;
import org.jevse.ocpp.config.Configuration;
import org.jevse.ocpp.config.StandardKeys;
import org.jevse.ocpp.cp.ChargePoint;
import org.jevse.ocpp.security.CertificateChecks;
import org.jevse.ocpp.security.CertificateStore;
import org.jevse.ocpp.security.CsrFactory;
import org.jevse.ocpp.security.Pem;
import org.jevse.ocpp.security.SecurityEvent;
import org.jevse.ocpp.security.SecurityEvents;
import org.jevse.ocpp.v16.CertificateSignedStatus;
import org.jevse.ocpp.v16.CertificateUse;
import org.jevse.ocpp.v16.InstallCertificateStatus;
import org.jevse.ocpp.v16.MessageTrigger;
import org.jevse.ocpp.v16.SignCertificateRequest;

/**
 * Certificate management of the Security Whitepaper ed. 2 (A02 update of the Charge Point certificate, M03-M05
 * root certificates): registers ExtendedTriggerMessage, CertificateSigned, InstallCertificate, DeleteCertificate
 * and GetInstalledCertificateIds, and owns the configuration keys of §7.1, §7.3 and §7.4 ({@link #keys}).
 *
 * <p>A SignChargePointCertificate trigger makes a new key on the charger and sends its CSR in SignCertificate.req;
 * the CertificateSigned.req that answers it is checked ({@link CertificateChecks#signedChain}) and stored as the
 * new certificate; with security profile 3 the client then reconnects with it, and it becomes the current one once
 * a connection with it opened ({@link org.jevse.ocpp.security.CertificateTransport}); until then the old one stays.
 */
public final class CertificateManagement {
    private static final Logger LOG = Logger.getLogger(CertificateManagement.class.getName());
    public static final String CERTIFICATE_SIGNED_MAX_CHAIN_SIZE = "CertificateSignedMaxChainSize";
    public static final String CERTIFICATE_STORE_MAX_LENGTH = "CertificateStoreMaxLength";
    public static final String ADDITIONAL_ROOT_CERTIFICATE_CHECK = "AdditionalRootCertificateCheck";
    /** §7.3: "a maximum limit of 10.000 characters" (the schema's maxLength of certificateChain). */
    public static final int MAX_CHAIN_SIZE = 10_000;

    private final ChargePoint cp;
    private final CertificateStore store;
    private final String serialNumber;
    private final SecurityEvents events;
    private final SecurityProfileInUse profile;
    private final Map<MessageTrigger, Runnable> triggers = new ConcurrentHashMap<>();
    private volatile long newNotBefore;

    /** The security profile of the connection, read when it matters (TLS root in use, client certificate). */
    public interface SecurityProfileInUse {
        org.jevse.ocpp.security.SecurityProfile profile();
    }

    private CertificateManagement(ChargePoint cp, CertificateStore store, String serialNumber, SecurityEvents events,
                                  SecurityProfileInUse profile) {
        this.cp = cp;
        this.store = store;
        this.serialNumber = serialNumber;
        this.events = events;
        this.profile = profile;
    }

    /**
     * The read-only keys of certificate management, to add to the charge point's configuration.
     *
     * @param storeMaxLength how many root certificates may be installed (CertificateStoreMaxLength)
     * @param additionalRootCheck whether a new Central System root must be signed by the one it replaces
     */
    public static List<ConfigKey> keys(int storeMaxLength, boolean additionalRootCheck) {
        return List.of(ConfigKey.integer(CERTIFICATE_SIGNED_MAX_CHAIN_SIZE, true, MAX_CHAIN_SIZE, 1, MAX_CHAIN_SIZE),
                ConfigKey.integer(CERTIFICATE_STORE_MAX_LENGTH, true, storeMaxLength, 1, 1000),
                ConfigKey.bool(ADDITIONAL_ROOT_CERTIFICATE_CHECK, true, additionalRootCheck));
    }

    /**
     * Registers the operations on {@code cp}, whose configuration must hold {@link #keys}.
     *
     * @param serialNumber the charge point's serial number: the CN of its certificate (A00.FR.511)
     * @param events where security events go
     * @param profile the security profile in force (e.g. {@code settings::profile})
     */
    public static CertificateManagement install(ChargePoint cp, CertificateStore store, String serialNumber,
                                                SecurityEvents events, SecurityProfileInUse profile) {
        CertificateManagement m = new CertificateManagement(cp, store, serialNumber, events, profile);
        cp.register(new ExtendedTriggerMessage(cp, m));
        cp.register(new CertificateSigned(m));
        cp.register(new InstallCertificate(m));
        cp.register(new DeleteCertificate(m));
        cp.register(new GetInstalledCertificateIds(m));
        return m;
    }

    /** Lets ExtendedTriggerMessage send {@code message} (signed firmware and log upload add theirs). */
    public void addTrigger(MessageTrigger message, Runnable send) {
        triggers.put(message, send);
    }

    Runnable trigger(MessageTrigger message) {
        return triggers.get(message);
    }

    CertificateStore store() {
        return store;
    }

    Configuration config() {
        return cp.config();
    }

    Date now() {
        return new Date(cp.csmsNowMs());
    }

    void event(SecurityEvent e, String techInfo) {
        events.raise(e, techInfo);
    }

    /** A02.FR.13: the O of the CSR; without a CpoName there is no CSR to send (A02 prerequisite). */
    Optional<String> cpoName() {
        String v = cp.config().has(StandardKeys.CPO_NAME) ? cp.config().get(StandardKeys.CPO_NAME) : "";
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    /** A02.FR.02/03: a new key, kept on the charger; its CSR goes to the Central System. */
    void signChargePointCertificate() {
        try {
            CsrFactory.Request r = CsrFactory.create(serialNumber, cpoName().orElse(""));
            store.keepCsrKey(r.keys().getPrivate());
            cp.sendNotification("SignCertificate", new SignCertificateRequest(r.csrPem()));
            LOG.info("SignCertificate.req sent for a new key");
        } catch (IOException | GeneralSecurityException e) {
            LOG.warning("no CSR could be made: " + e.getMessage());
        }
    }

    /** CertificateSigned.req (A02.FR.06/07). */
    CertificateSignedStatus certificateSigned(String chain) {
        try {
            Optional<PrivateKey> key = store.csrKey();
            if (key.isEmpty()) {
                return rejectSigned("no SignCertificate.req is waiting for a certificate");
            }
            int max = (int) Math.min(MAX_CHAIN_SIZE, cp.config().has(CERTIFICATE_SIGNED_MAX_CHAIN_SIZE)
                    ? cp.config().getInt(CERTIFICATE_SIGNED_MAX_CHAIN_SIZE) : MAX_CHAIN_SIZE);
            CertificateChecks.Verdict v = CertificateChecks.signedChain(chain, max, key.get(), serialNumber,
                    store.installed(CertificateUse.CentralSystemRootCertificate), now());
            if (v.chain().isEmpty()) {
                return rejectSigned(v.reason());
            }
            store.installSigned(v.chain().get());
            newNotBefore = v.chain().get().get(0).getNotBefore().getTime();
            LOG.info("new Charge Point certificate stored; it is used from the next connection");
            return CertificateSignedStatus.Accepted;
        } catch (IOException | GeneralSecurityException e) {
            LOG.warning("CertificateSigned could not be stored: " + e.getMessage());
            return CertificateSignedStatus.Rejected;
        }
    }

    private CertificateSignedStatus rejectSigned(String reason) {
        LOG.warning("CertificateSigned rejected: " + reason);
        event(SecurityEvent.InvalidChargePointCertificate, reason);
        return CertificateSignedStatus.Rejected;
    }

    /** After an accepted CertificateSigned: with profile 3, reconnect with it once it is valid (A02.FR.08). */
    void afterCertificateSigned() {
        if (profile.profile().clientCertificate()) {
            long wait = Math.max(0, newNotBefore - cp.csmsNowMs());
            cp.scheduler().schedule(wait, cp::reconnect);
        }
    }

    /** Whether the connection is TLS, checked against the Central System roots (M04.FR.06). */
    boolean tlsInUse() {
        return profile.profile().tls();
    }

    /** InstallCertificate.req (M05). */
    InstallCertificateStatus install(CertificateUse use, String pem) {
        try {
            List<X509Certificate> certs = Pem.certificates(pem);
            if (certs.size() != 1) {
                return rejectInstall(use, "one certificate expected, got " + certs.size());
            }
            X509Certificate c = certs.get(0);
            Optional<String> bad = CertificateChecks.rootCertificate(c, now());
            if (bad.isPresent()) {
                return rejectInstall(use, bad.get());
            }
            List<X509Certificate> same = store.installed(use);
            if (same.contains(c)) {
                return InstallCertificateStatus.Accepted;
            }
            boolean check = cp.config().has(ADDITIONAL_ROOT_CERTIFICATE_CHECK)
                    && cp.config().getBool(ADDITIONAL_ROOT_CERTIFICATE_CHECK);
            if (check && use == CertificateUse.CentralSystemRootCertificate && !same.isEmpty()) {
                if (same.stream().noneMatch(old -> CertificateChecks.signedBy(c, old))) { // M05.FR.10
                    return rejectInstall(use, "not signed by the Central System root it replaces");
                }
                store.replaceCsmsRoot(c); // M05.FR.11
                return InstallCertificateStatus.Accepted;
            }
            int max = cp.config().has(CERTIFICATE_STORE_MAX_LENGTH)
                    ? cp.config().getInt(CERTIFICATE_STORE_MAX_LENGTH) : Integer.MAX_VALUE;
            if (store.count() >= max) { // M05.FR.03
                LOG.warning("InstallCertificate rejected: CertificateStoreMaxLength " + max + " reached");
                return InstallCertificateStatus.Rejected;
            }
            store.add(use, c);
            return InstallCertificateStatus.Accepted;
        } catch (java.security.cert.CertificateException e) {
            return rejectInstall(use, "does not parse: " + e.getMessage());
        } catch (IOException e) {
            LOG.warning("InstallCertificate failed: " + e.getMessage());
            return InstallCertificateStatus.Failed; // M05.FR.04
        }
    }

    private InstallCertificateStatus rejectInstall(CertificateUse use, String reason) {
        LOG.warning("InstallCertificate " + use + " rejected: " + reason);
        if (use == CertificateUse.CentralSystemRootCertificate) {
            event(SecurityEvent.InvalidCentralSystemCertificate, reason);
        }
        return InstallCertificateStatus.Rejected;
    }
}
