package org.jevse.ocpp.firmware;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.jevse.ocpp.cp.ChargePoint;
import org.jevse.ocpp.rpc.OcppJson;
import org.jevse.ocpp.rpc.RpcException;
import org.jevse.ocpp.store.AtomicFiles;
import org.jevse.ocpp.session.Operation;
import org.jevse.ocpp.v16.DiagnosticsStatusNotificationRequest;
import org.jevse.ocpp.v16.DiagnosticsStatusNotificationStatus;
import org.jevse.ocpp.v16.FirmwareStatusNotificationRequest;
import org.jevse.ocpp.v16.FirmwareStatusNotificationStatus;
import org.jevse.ocpp.v16.GetDiagnosticsRequest;
import org.jevse.ocpp.v16.GetDiagnosticsResponse;
import org.jevse.ocpp.v16.RequestedMessage;
import org.jevse.ocpp.v16.UpdateFirmwareRequest;
import org.jevse.ocpp.v16.UpdateFirmwareResponse;

/**
 * The FirmwareManagement profile over HTTP(S) (OCPP 1.6 §5.19 UpdateFirmware, §5.9 GetDiagnostics, §4.4 and
 * §4.5 their status notifications), with the JDK's {@link HttpClient}.
 *
 * <p>UpdateFirmware: at retrieveDate (CSMS clock) the package is fetched with GET from the location, tried
 * 1 + retries times (retries default 1) retryInterval seconds apart (default 60); FirmwareStatusNotification
 * Downloading, then Downloaded or DownloadFailed; then Installing and Installed or InstallationFailed through the
 * integrator's {@link FirmwareInstaller}.
 *
 * <p>GetDiagnostics: answered with the file name at once; a zip with the charge point's state and the recent log
 * (records between startTime and stopTime) is uploaded to the location with HTTP POST, multipart/form-data, one
 * part named {@code file} carrying the file name: the form most HTTP upload endpoints accept. Tried like the
 * firmware download; DiagnosticsStatusNotification Uploading, then Uploaded or UploadFailed.
 *
 * <p>The update under way is kept in {@code pending-update.json} (atomic, durable) until it ends: after a restart an
 * update not yet installing is scheduled again for its retrieveDate, and an installation that did not return (the
 * installer rebooted the charger) is concluded at the next start, Installed or InstallationFailed as
 * {@link FirmwareInstaller#installedAfterRestart} finds.
 *
 * <p>Only http and https locations are supported (an ftp location fails with DownloadFailed / UploadFailed).
 * Network work runs on one worker thread, never on the client thread; the waits between attempts are timers.
 */
public final class FirmwareManagement implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(FirmwareManagement.class.getName());
    static final int DEFAULT_RETRIES = 1;
    static final int DEFAULT_RETRY_INTERVAL_S = 60;
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final ChargePoint cp;
    private final HttpFiles files;
    private final Path downloadDir;
    private final FirmwareInstaller installer;
    private final Supplier<String> state;
    private final RecentLog log;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ocpp-firmware");
        t.setDaemon(true);
        return t;
    });
    private volatile FirmwareStatusNotificationStatus firmware = FirmwareStatusNotificationStatus.Idle;
    private volatile DiagnosticsStatusNotificationStatus diagnostics = DiagnosticsStatusNotificationStatus.Idle;
    private volatile int firmwareRequest;
    private final Path pendingFile;

    private FirmwareManagement(ChargePoint cp, HttpClient http, Path dir, FirmwareInstaller installer,
                               Supplier<String> state) {
        this.cp = cp;
        this.files = new HttpFiles(http);
        this.downloadDir = dir.resolve("download");
        this.installer = installer;
        this.state = state;
        this.log = RecentLog.attach(2_000);
        this.pendingFile = dir.resolve("pending-update.json");
    }

    /**
     * Registers UpdateFirmware, GetDiagnostics and the two TriggerMessage messages on {@code cp}.
     *
     * @param dir       where downloads are kept ({@code dir/download}); the default installer stages into
     *                  {@code dir/staged}
     * @param installer the integrator's hook, or null for a {@link StagingInstaller} into {@code dir/staged}
     * @param http      the client (its SSL context decides which servers are trusted), or null for the JDK default
     * @param state     the charge point's state as text for diagnostics
     */
    public static FirmwareManagement install(ChargePoint cp, Path dir, FirmwareInstaller installer, HttpClient http,
                                             Supplier<String> state) {
        FirmwareManagement f = new FirmwareManagement(cp, http, dir,
                installer != null ? installer : new StagingInstaller(dir.resolve("staged")), state);
        cp.register(f.updateFirmware());
        cp.register(f.getDiagnostics());
        cp.triggers().add(RequestedMessage.FirmwareStatusNotification, () -> cp.sendNotification("FirmwareStatusNotification",
                new FirmwareStatusNotificationRequest(f.firmwareStatusForTrigger())));
        cp.triggers().add(RequestedMessage.DiagnosticsStatusNotification, () -> cp.sendNotification("DiagnosticsStatusNotification",
                new DiagnosticsStatusNotificationRequest(f.diagnostics == DiagnosticsStatusNotificationStatus.Uploading
                        ? DiagnosticsStatusNotificationStatus.Uploading : DiagnosticsStatusNotificationStatus.Idle)));
        f.resume();
        return f;
    }

    /** §5.17: Idle unless a download or installation is under way. */
    private FirmwareStatusNotificationStatus firmwareStatusForTrigger() {
        FirmwareStatusNotificationStatus s = firmware;
        return s == FirmwareStatusNotificationStatus.Downloading || s == FirmwareStatusNotificationStatus.Downloaded
                || s == FirmwareStatusNotificationStatus.Installing ? s : FirmwareStatusNotificationStatus.Idle;
    }

    // ================================================================== UpdateFirmware

    private Operation<UpdateFirmwareRequest, UpdateFirmwareResponse> updateFirmware() {
        return new Operation<>() {
            @Override
            public String action() {
                return "UpdateFirmware";
            }

            @Override
            public Class<UpdateFirmwareRequest> requestType() {
                return UpdateFirmwareRequest.class;
            }

            @Override
            public UpdateFirmwareResponse handle(UpdateFirmwareRequest q) {
                return new UpdateFirmwareResponse();
            }

            @Override
            public void afterAnswer(UpdateFirmwareRequest q, UpdateFirmwareResponse r) {
                keep(q, "Accepted");
                schedule(q);
            }
        };
    }

    /** Fetches and installs {@code q} at its retrieveDate (CSMS clock), unless a newer request replaced it. */
    private void schedule(UpdateFirmwareRequest q) {
        int request = ++firmwareRequest; // a newer UpdateFirmware replaces one not yet started
        long delay;
        try {
            delay = Math.max(0, OffsetDateTime.parse(q.retrieveDate()).toInstant().toEpochMilli() - cp.csmsNowMs());
        } catch (RuntimeException e) {
            delay = 0; // a date-time without an offset: fetch now
        }
        LOG.info("UpdateFirmware from " + q.location() + " in " + delay / 1000 + " s");
        cp.scheduler().schedule(delay, () -> worker.execute(() -> {
            if (request == firmwareRequest) {
                firmwareStatus(FirmwareStatusNotificationStatus.Downloading);
                download(q, 1);
            }
        }));
    }

    /** At start: the update an earlier run left under way, scheduled again or, if it was installing, concluded. */
    private void resume() {
        UpdateFirmwareRequest q;
        String phase;
        try {
            var kept = AtomicFiles.read(pendingFile);
            if (kept.isEmpty()) {
                return;
            }
            var n = OcppJson.mapper().readTree(kept.get());
            q = OcppJson.parse(n.path("request"), UpdateFirmwareRequest.class);
            phase = n.path("phase").asText();
        } catch (IOException | RpcException | RuntimeException e) {
            LOG.warning("unreadable pending firmware update " + pendingFile + " dropped: " + e);
            forget();
            return;
        }
        if (!"Installing".equals(phase)) {
            LOG.info("firmware update from " + q.location() + " resumed after a restart");
            schedule(q);
            return;
        }
        worker.execute(() -> {
            boolean installed;
            try {
                installed = installer.installedAfterRestart(packageFile(q));
            } catch (IOException | RuntimeException e) {
                LOG.warning("the installer could not tell whether the firmware was installed: " + e);
                installed = false;
            }
            // OCPP 1.6 §4.4: Installed or InstallationFailed end the update; the CSMS learns it at this boot.
            firmwareStatus(installed ? FirmwareStatusNotificationStatus.Installed
                    : FirmwareStatusNotificationStatus.InstallationFailed);
        });
    }

    /** Persists the update under way and its phase (Accepted: not yet installing), atomically. */
    private void keep(UpdateFirmwareRequest q, String phase) {
        var n = OcppJson.mapper().createObjectNode();
        n.put("phase", phase);
        n.set("request", OcppJson.toTree(q));
        try {
            AtomicFiles.write(pendingFile, OcppJson.mapper().writeValueAsBytes(n));
        } catch (IOException e) {
            LOG.warning("the firmware update is not kept for a restart: " + e);
        }
    }

    private void forget() {
        try {
            AtomicFiles.delete(pendingFile);
        } catch (IOException e) {
            LOG.warning("could not delete " + pendingFile + ": " + e);
        }
    }

    private Path packageFile(UpdateFirmwareRequest q) throws IOException {
        return downloadDir.resolve(fileName(HttpFiles.httpUri(q.location())));
    }

    private void download(UpdateFirmwareRequest q, int attempt) {
        Path file;
        try {
            file = packageFile(q);
            files.download(q.location(), file);
        } catch (IOException | RuntimeException e) {
            retryOrFail("firmware download", attempt, q.retries(), q.retryInterval(), e,
                    () -> download(q, attempt + 1),
                    () -> firmwareStatus(FirmwareStatusNotificationStatus.DownloadFailed));
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        firmwareStatus(FirmwareStatusNotificationStatus.Downloaded);
        firmwareStatus(FirmwareStatusNotificationStatus.Installing);
        keep(q, "Installing"); // an installation that does not return is concluded at the next start
        try {
            installer.install(file);
            firmwareStatus(FirmwareStatusNotificationStatus.Installed);
        } catch (InterruptedException e) {
            return; // the client stops (or the charger goes down) during the installation: the next start tells
        } catch (Exception e) {
            LOG.log(Level.WARNING, "firmware installation failed", e);
            firmwareStatus(FirmwareStatusNotificationStatus.InstallationFailed);
        }
    }

    private void firmwareStatus(FirmwareStatusNotificationStatus s) {
        firmware = s;
        if (s == FirmwareStatusNotificationStatus.Installed || s == FirmwareStatusNotificationStatus.InstallationFailed
                || s == FirmwareStatusNotificationStatus.DownloadFailed) {
            forget();
        }
        LOG.info("firmware: " + s);
        cp.sendNotification("FirmwareStatusNotification", new FirmwareStatusNotificationRequest(s));
    }

    // ================================================================== GetDiagnostics

    private Operation<GetDiagnosticsRequest, GetDiagnosticsResponse> getDiagnostics() {
        return new Operation<>() {
            @Override
            public String action() {
                return "GetDiagnostics";
            }

            @Override
            public Class<GetDiagnosticsRequest> requestType() {
                return GetDiagnosticsRequest.class;
            }

            @Override
            public GetDiagnosticsResponse handle(GetDiagnosticsRequest q) {
                return new GetDiagnosticsResponse("diagnostics-" + NAME_TIME.format(Instant.ofEpochMilli(
                        cp.csmsNowMs())) + ".zip");
            }

            @Override
            public void afterAnswer(GetDiagnosticsRequest q, GetDiagnosticsResponse r) {
                worker.execute(() -> {
                    diagnosticsStatus(DiagnosticsStatusNotificationStatus.Uploading);
                    byte[] zip;
                    try {
                        zip = diagnosticsZip(q);
                    } catch (IOException | RuntimeException e) {
                        LOG.log(Level.WARNING, "diagnostics could not be collected", e);
                        diagnosticsStatus(DiagnosticsStatusNotificationStatus.UploadFailed);
                        return;
                    }
                    upload(q, r.fileName(), zip, 1);
                });
            }
        };
    }

    private byte[] diagnosticsZip(GetDiagnosticsRequest q) throws IOException {
        return diagnostics(q.startTime() == null ? null : OffsetDateTime.parse(q.startTime()).toInstant(),
                q.stopTime() == null ? null : OffsetDateTime.parse(q.stopTime()).toInstant());
    }

    /**
     * The diagnostics zip (state.txt and the log records between {@code from} and {@code to}, each null for no
     * bound), as GetDiagnostics uploads it; GetLog with DiagnosticsLog uploads the same.
     */
    public byte[] diagnostics(Instant from, Instant to) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("state.txt"));
            z.write(state.get().getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
            z.putNextEntry(new ZipEntry("log.txt"));
            z.write(log.text(from, to).getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        return out.toByteArray();
    }

    private void upload(GetDiagnosticsRequest q, String fileName, byte[] zip, int attempt) {
        try {
            files.upload(q.location(), fileName, "application/zip", zip);
        } catch (IOException | RuntimeException e) {
            retryOrFail("diagnostics upload", attempt, q.retries(), q.retryInterval(), e,
                    () -> upload(q, fileName, zip, attempt + 1),
                    () -> diagnosticsStatus(DiagnosticsStatusNotificationStatus.UploadFailed));
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        diagnosticsStatus(DiagnosticsStatusNotificationStatus.Uploaded);
    }

    private void diagnosticsStatus(DiagnosticsStatusNotificationStatus s) {
        diagnostics = s;
        LOG.info("diagnostics: " + s);
        cp.sendNotification("DiagnosticsStatusNotification", new DiagnosticsStatusNotificationRequest(s));
    }

    // ================================================================== common

    private void retryOrFail(String what, int attempt, Integer retries, Integer retryIntervalS, Exception e,
                             Runnable again, Runnable fail) {
        int attempts = 1 + Math.max(0, retries == null ? DEFAULT_RETRIES : retries);
        LOG.warning(what + " attempt " + attempt + "/" + attempts + " failed: " + e);
        if (attempt >= attempts) {
            fail.run();
            return;
        }
        long wait = Math.max(0, retryIntervalS == null ? DEFAULT_RETRY_INTERVAL_S : retryIntervalS) * 1000L;
        cp.scheduler().schedule(wait, () -> worker.execute(again));
    }

    /** The last path segment of the URL, restricted to safe characters. */
    static String fileName(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath();
        String name = path.substring(path.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
        return name.isEmpty() || name.startsWith(".") ? "firmware.bin" : name;
    }

    @Override
    public void close() {
        worker.shutdownNow();
        log.detach();
    }
}
