package org.jevse.ocpp.security.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Date;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;
import org.jevse.ocpp.cp.ChargePoint;
import org.jevse.ocpp.firmware.FirmwareInstaller;
import org.jevse.ocpp.firmware.HttpFiles;
import org.jevse.ocpp.rpc.OcppJson;
import org.jevse.ocpp.rpc.RpcException;
import org.jevse.ocpp.security.AtomicFile;
import org.jevse.ocpp.security.CertificateStore;
import org.jevse.ocpp.security.FirmwareSignature;
import org.jevse.ocpp.security.SecurityEvent;
import org.jevse.ocpp.security.SecurityEvents;
import org.jevse.ocpp.v16.CertificateUse;
import org.jevse.ocpp.v16.FirmwareStatus;
import org.jevse.ocpp.v16.MessageTrigger;
import org.jevse.ocpp.v16.SignedFirmwareStatusNotificationRequest;
import org.jevse.ocpp.v16.SignedUpdateFirmwareRequest;
import org.jevse.ocpp.v16.UpdateFirmwareStatus;

/**
 * Secure firmware update (Security Whitepaper ed. 2 L01). SignedUpdateFirmware is answered InvalidCertificate
 * (with an InvalidFirmwareSigningCertificate security event) unless the signing certificate is signed by an
 * installed manufacturer root (L01.FR.23/24). Then, at retrieveDateTime, the file is fetched (retries as
 * UpdateFirmware), its signature checked (L01.FR.04): InvalidSignature and an InvalidFirmwareSignature event, or
 * SignatureVerified; only then, at installDateTime, is it handed to the integrator's {@link FirmwareInstaller}
 * (Installing, Installed or InstallationFailed; FirmwareUpdated event). Every step is reported in
 * SignedFirmwareStatusNotification.req with the requestId (L01.FR.01/21). Network work runs on one worker thread.
 *
 * <p>The request under way is kept in {@code pending.json} of the download directory (atomic, durable: {@link
 * AtomicFile}) until it ends, so a restart does not lose it: an update not yet installed starts again at its
 * retrieveDateTime, and an installation that did not return (the installer rebooted the charger, or the power
 * failed) is reported at the next start, Installed or InstallVerificationFailed as the installer finds
 * ({@link FirmwareInstaller#installedAfterRestart}), with the same requestId.
 */
public final class SignedFirmwareUpdate implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SignedFirmwareUpdate.class.getName());
    static final int DEFAULT_RETRIES = 1;
    static final int DEFAULT_RETRY_INTERVAL_S = 60;
    /** A date-time less than this ahead is "now": date-times have second precision and clocks differ slightly. */
    static final long SCHEDULED_MS = 1_000;

    private final ChargePoint cp;
    private final CertificateStore store;
    private final SecurityEvents events;
    private final Path downloadDir;
    private final FirmwareInstaller installer;
    private final HttpFiles http;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ocpp-signed-firmware");
        t.setDaemon(true);
        return t;
    });
    /** The phase kept in {@code pending.json} while the installer runs. */
    private static final String INSTALLING = "Installing";
    private final Path pendingFile;
    private volatile FirmwareStatus status = FirmwareStatus.Idle;
    private volatile Integer requestId;

    private SignedFirmwareUpdate(ChargePoint cp, CertificateStore store, SecurityEvents events, Path dir,
                                 FirmwareInstaller installer, HttpClient http) {
        this.cp = cp;
        this.store = store;
        this.events = events;
        this.downloadDir = dir;
        this.installer = installer;
        this.http = new HttpFiles(http);
        this.pendingFile = dir.resolve("pending.json");
    }

    /**
     * Registers SignedUpdateFirmware on {@code cp} and the FirmwareStatusNotification trigger on
     * {@code certificates}.
     *
     * @param dir where downloads are kept
     * @param http the client, or null for the JDK default
     */
    public static SignedFirmwareUpdate install(ChargePoint cp, CertificateManagement certificates,
                                               SecurityEvents events, Path dir, FirmwareInstaller installer,
                                               HttpClient http) {
        SignedFirmwareUpdate u = new SignedFirmwareUpdate(cp, certificates.store(), events, dir, installer, http);
        cp.register(new SignedUpdateFirmware(u));
        // L01.FR.28/29: Idle when nothing is under way, else the last status sent.
        certificates.addTrigger(MessageTrigger.FirmwareStatusNotification, () -> u.notify(u.triggeredStatus()));
        u.resume();
        return u;
    }

    private FirmwareStatus triggeredStatus() {
        FirmwareStatus s = status;
        return switch (s) {
            case Installed, InstallationFailed, DownloadFailed, InvalidSignature, InstallVerificationFailed ->
                    FirmwareStatus.Idle;
            default -> s;
        };
    }

    UpdateFirmwareStatus accept(SignedUpdateFirmwareRequest q) {
        Optional<String> problem;
        try {
            problem = FirmwareSignature.certificateProblem(q.firmware().signingCertificate(),
                    store.installed(CertificateUse.ManufacturerRootCertificate), new Date(cp.csmsNowMs()));
        } catch (IOException e) {
            problem = Optional.of("the certificate store cannot be read: " + e.getMessage());
        }
        if (problem.isPresent()) {
            LOG.warning("SignedUpdateFirmware refused: " + problem.get());
            events.raise(SecurityEvent.InvalidFirmwareSigningCertificate, problem.get());
            return UpdateFirmwareStatus.InvalidCertificate;
        }
        return UpdateFirmwareStatus.Accepted;
    }

    void start(SignedUpdateFirmwareRequest q) {
        requestId = q.requestId();
        keep(q, "Accepted");
        long wait = delayUntil(q.firmware().retrieveDateTime());
        if (wait > SCHEDULED_MS) {
            notify(FirmwareStatus.DownloadScheduled);
        }
        cp.scheduler().schedule(wait, () -> worker.execute(() -> download(q, 1)));
    }

    private void download(SignedUpdateFirmwareRequest q, int attempt) {
        if (requestId == null || requestId.intValue() != q.requestId()) {
            return; // a newer request replaced this one
        }
        notify(FirmwareStatus.Downloading);
        Path file = downloadDir.resolve("signed-firmware-" + q.requestId() + ".bin");
        try {
            http.download(q.firmware().location(), file);
        } catch (IOException | RuntimeException e) {
            int attempts = 1 + Math.max(0, q.retries() == null ? DEFAULT_RETRIES : q.retries());
            LOG.warning("signed firmware download attempt " + attempt + "/" + attempts + " failed: " + e);
            if (attempt >= attempts) {
                notify(FirmwareStatus.DownloadFailed);
            } else {
                long s = q.retryInterval() == null ? DEFAULT_RETRY_INTERVAL_S : Math.max(0, q.retryInterval());
                cp.scheduler().schedule(s * 1000L, () -> worker.execute(() -> download(q, attempt + 1)));
            }
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        notify(FirmwareStatus.Downloaded);
        verifyAndInstall(q, file);
    }

    private void verifyAndInstall(SignedUpdateFirmwareRequest q, Path file) {
        boolean good;
        try {
            good = FirmwareSignature.verify(file, q.firmware().signature(), q.firmware().signingCertificate());
        } catch (IOException e) {
            good = false;
        }
        if (!good) {
            notify(FirmwareStatus.InvalidSignature);
            events.raise(SecurityEvent.InvalidFirmwareSignature, "requestId " + q.requestId());
            return;
        }
        notify(FirmwareStatus.SignatureVerified);
        long wait = q.firmware().installDateTime() == null ? 0 : delayUntil(q.firmware().installDateTime());
        if (wait > SCHEDULED_MS) {
            notify(FirmwareStatus.InstallScheduled);
        }
        cp.scheduler().schedule(wait, () -> worker.execute(() -> {
            notify(FirmwareStatus.Installing);
            keep(q, INSTALLING); // an installation that does not return is reported at the next start
            try {
                installer.install(file);
            } catch (InterruptedException e) {
                return; // the client stops (or the charger goes down) during the installation: the next start tells
            } catch (Exception e) {
                LOG.warning("signed firmware installation failed: " + e);
                notify(FirmwareStatus.InstallationFailed);
                return;
            }
            notify(FirmwareStatus.Installed);
            events.raise(SecurityEvent.FirmwareUpdated, "requestId " + q.requestId());
        }));
    }

    /** At start: the request an earlier run left under way, resumed or, if it was being installed, concluded. */
    private void resume() {
        Optional<byte[]> kept;
        JsonNode pending;
        SignedUpdateFirmwareRequest q;
        try {
            kept = AtomicFile.read(pendingFile);
            if (kept.isEmpty()) {
                return;
            }
            pending = OcppJson.mapper().readTree(kept.get());
            q = OcppJson.parse(pending.path("request"), SignedUpdateFirmwareRequest.class);
        } catch (IOException | RpcException | RuntimeException e) {
            LOG.warning("unreadable pending signed firmware update " + pendingFile + " dropped: " + e);
            forget();
            return;
        }
        requestId = q.requestId();
        if (!INSTALLING.equals(pending.path("phase").asText())) {
            LOG.info("signed firmware update " + q.requestId() + " resumed after a restart");
            start(q);
            return;
        }
        Path file = downloadDir.resolve("signed-firmware-" + q.requestId() + ".bin");
        worker.execute(() -> {
            boolean installed;
            try {
                installed = installer.installedAfterRestart(file);
            } catch (RuntimeException e) {
                LOG.warning("the installer could not tell whether signed firmware " + q.requestId()
                        + " was installed: " + e);
                installed = false;
            }
            notify(installed ? FirmwareStatus.Installed : FirmwareStatus.InstallVerificationFailed);
            if (installed) {
                events.raise(SecurityEvent.FirmwareUpdated, "requestId " + q.requestId() + ", after a restart");
            }
        });
    }

    /** Persists the request under way and its phase (Accepted: not yet installing). */
    private void keep(SignedUpdateFirmwareRequest q, String phase) {
        ObjectNode n = OcppJson.mapper().createObjectNode();
        n.put("phase", phase);
        n.set("request", OcppJson.toTree(q));
        try {
            AtomicFile.write(pendingFile, OcppJson.mapper().writeValueAsBytes(n));
        } catch (IOException e) {
            LOG.warning("signed firmware update " + q.requestId() + " not kept for a restart: " + e);
        }
    }

    private void forget() {
        try {
            AtomicFile.delete(pendingFile);
        } catch (IOException e) {
            LOG.warning("could not delete " + pendingFile + ": " + e);
        }
    }

    private long delayUntil(String dateTime) {
        try {
            return Math.max(0, OffsetDateTime.parse(dateTime).toInstant().toEpochMilli() - cp.csmsNowMs());
        } catch (RuntimeException e) {
            return 0; // no offset in the date-time: now
        }
    }

    private void notify(FirmwareStatus s) {
        status = s;
        if (s == FirmwareStatus.DownloadFailed || s == FirmwareStatus.InvalidSignature
                || s == FirmwareStatus.InstallationFailed || s == FirmwareStatus.Installed
                || s == FirmwareStatus.InstallVerificationFailed) {
            forget();
        }
        LOG.info("signed firmware: " + s);
        cp.sendNotification("SignedFirmwareStatusNotification", new SignedFirmwareStatusNotificationRequest(s,
                s == FirmwareStatus.Idle ? null : requestId));
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
