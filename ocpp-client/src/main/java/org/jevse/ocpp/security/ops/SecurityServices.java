package org.jevse.ocpp.security.ops;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jevse.ocpp.cp.ChargePoint;
import org.jevse.ocpp.firmware.FirmwareInstaller;
import org.jevse.ocpp.security.CertificateStore;
import org.jevse.ocpp.security.CertificateTransport;
import org.jevse.ocpp.security.SecurityEvent;
import org.jevse.ocpp.security.SecurityEvents;
import org.jevse.ocpp.security.SecurityLog;
import org.jevse.ocpp.security.RestartRecord;
import org.jevse.ocpp.transport.Transport;

/**
 * The Security Whitepaper ed. 2 services of one charge point, built in two steps: {@link #open} (the files, and
 * {@link #transport} around the WebSocket transport, before the ChargePoint exists), then {@link #install} (the
 * operations, once it does). Layout under {@code dir}: {@code certificates/} ({@link CertificateStore}),
 * {@code security.log} ({@link SecurityLog}), {@code last-run.json} ({@link RestartRecord}: the cause of the next
 * start), {@code firmware/} (signed firmware downloads). Critical security events are queued in the transaction
 * journal ({@link SecurityEventNotifications}).
 */
public final class SecurityServices implements SecurityEvents, AutoCloseable {
    private final Path dir;
    private final CertificateStore store;
    private final SecurityLog log;
    private final LongSupplier wallMs;
    private final RestartRecord restarts;
    private volatile SecurityEventNotifications events;
    private SignedFirmwareUpdate firmware;
    private LogUpload logUpload;

    private SecurityServices(Path dir, CertificateStore store, SecurityLog log, LongSupplier wallMs) {
        this.dir = dir;
        this.wallMs = wallMs;
        this.store = store;
        this.log = log;
        this.restarts = RestartRecord.open(dir.resolve("last-run.json"));
    }

    /**
     * @param provisionedRoots the installer's Central System CA file, or null
     * @param provisioned the installer's Charge Point certificate and key, or null
     * @param wallMs the charger's wall clock (certificate validity, events raised before {@link #install})
     */
    public static SecurityServices open(Path dir, Path provisionedRoots,
                                        org.jevse.ocpp.security.TlsContexts.PemIdentity provisioned,
                                        LongSupplier wallMs)
            throws IOException, GeneralSecurityException {
        return new SecurityServices(dir, CertificateStore.open(dir.resolve("certificates"), provisionedRoots,
                provisioned), new SecurityLog(dir), wallMs);
    }

    public CertificateStore store() {
        return store;
    }

    /** The connection's transport: {@code inner} reads the trust file and identity from its argument. */
    public CertificateTransport transport(Function<CertificateTransport, Transport> inner) {
        return new CertificateTransport(inner, store, wallMs, this);
    }

    /**
     * Registers certificate management, signed firmware update and log upload on {@code cp}, and starts the
     * delivery of security events (StartupOfTheDevice first).
     *
     * @param serialNumber the CN of the Charge Point certificate
     * @param installer where verified signed firmware goes
     * @param diagnostics what GetLog DiagnosticsLog uploads
     */
    public CertificateManagement install(ChargePoint cp, String serialNumber,
                                         CertificateManagement.SecurityProfileInUse profile,
                                         FirmwareInstaller installer, LogUpload.Diagnostics diagnostics) {
        try {
            SecurityEventNotifications.moveIn(dir.resolve("events"), cp);
        } catch (IOException e) {
            java.util.logging.Logger.getLogger(SecurityServices.class.getName()).warning(
                    "security events queued by an earlier version in " + dir.resolve("events") + " not moved: " + e);
        }
        events = SecurityEventNotifications.start(cp, log, restarts);
        CertificateManagement certificates = CertificateManagement.install(cp, store, serialNumber, this, profile);
        firmware = SignedFirmwareUpdate.install(cp, certificates, this, dir.resolve("firmware"),
                restartNamed(installer), null);
        logUpload = LogUpload.install(cp, certificates, log, diagnostics, null);
        return certificates;
    }

    /** {@code installer}, with the restart record saying that a restart during the installation is due to it. */
    private FirmwareInstaller restartNamed(FirmwareInstaller installer) {
        return new FirmwareInstaller() {
            @Override
            public void install(Path pkg) throws Exception {
                restarts.expect("installing signed firmware " + pkg.getFileName());
                try {
                    installer.install(pkg);
                } finally {
                    restarts.running();
                }
            }

            @Override
            public boolean installedAfterRestart(Path pkg) {
                return installer.installedAfterRestart(pkg);
            }
        };
    }

    /** Before {@link #install}, an event is only logged. */
    @Override
    public void raise(SecurityEvent event, String techInfo) {
        SecurityEventNotifications e = events;
        if (e != null) {
            e.raise(event, techInfo);
        } else {
            log.append(java.time.Instant.ofEpochMilli(wallMs.getAsLong()), event, techInfo);
        }
    }

    @Override
    public void close() {
        restarts.stopped(); // the next start follows a shutdown, not a crash
        if (firmware != null) {
            firmware.close();
        }
        if (logUpload != null) {
            logUpload.close();
        }
    }
}
