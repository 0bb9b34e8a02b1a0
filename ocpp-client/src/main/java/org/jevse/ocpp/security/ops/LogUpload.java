package org.jevse.ocpp.security.ops;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;
import org.jevse.ocpp.cp.ChargePoint;
import org.jevse.ocpp.firmware.HttpFiles;
import org.jevse.ocpp.security.SecurityLog;
import org.jevse.ocpp.v16.GetLogRequest;
import org.jevse.ocpp.v16.GetLogResponse;
import org.jevse.ocpp.v16.Log;
import org.jevse.ocpp.v16.LogStatus;
import org.jevse.ocpp.v16.LogStatusNotificationRequest;
import org.jevse.ocpp.v16.MessageTrigger;
import org.jevse.ocpp.v16.UploadLogStatus;

/**
 * Log upload (Security Whitepaper ed. 2 N01): GetLog is answered Accepted with the file name (AcceptedCanceled
 * when it replaces an upload under way, N01.FR.11); the security log ({@link SecurityLog}, as text) or the
 * diagnostics (the zip GetDiagnostics uploads), limited to oldestTimestamp..latestTimestamp, is then uploaded to
 * remoteLocation as GetDiagnostics does (HTTP POST, multipart/form-data, part {@code file}), tried 1 + retries
 * times retryInterval seconds apart. LogStatusNotification: Uploading, then Uploaded, or UploadFailure /
 * PermissionDenied (HTTP 401/403) / NotSupportedOperation (not an http(s) location), with the requestId.
 */
public final class LogUpload implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LogUpload.class.getName());
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** The diagnostics between two times (each null for no bound), e.g. {@code FirmwareManagement::diagnostics}. */
    @FunctionalInterface
    public interface Diagnostics {
        byte[] between(Instant from, Instant to) throws IOException;
    }

    private final ChargePoint cp;
    private final SecurityLog securityLog;
    private final Diagnostics diagnostics;
    private final HttpFiles http;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ocpp-log-upload");
        t.setDaemon(true);
        return t;
    });
    private volatile Integer current;
    private volatile UploadLogStatus status = UploadLogStatus.Idle;

    private LogUpload(ChargePoint cp, SecurityLog securityLog, Diagnostics diagnostics, HttpClient http) {
        this.cp = cp;
        this.securityLog = securityLog;
        this.diagnostics = diagnostics;
        this.http = new HttpFiles(http);
    }

    /** Registers GetLog on {@code cp} and the LogStatusNotification trigger on {@code certificates}. */
    public static LogUpload install(ChargePoint cp, CertificateManagement certificates, SecurityLog securityLog,
                                    Diagnostics diagnostics, HttpClient http) {
        LogUpload u = new LogUpload(cp, securityLog, diagnostics, http);
        cp.register(new GetLog(u));
        // N01.FR.12: without an upload under way, Idle and no requestId.
        certificates.addTrigger(MessageTrigger.LogStatusNotification, () -> u.notify(
                u.status == UploadLogStatus.Uploading ? UploadLogStatus.Uploading : UploadLogStatus.Idle,
                u.status == UploadLogStatus.Uploading ? u.current : null));
        return u;
    }

    GetLogResponse accept(GetLogRequest q) {
        boolean replacing = status == UploadLogStatus.Uploading;
        current = q.requestId(); // a running upload sees it was replaced and stops
        String name = (q.logType() == Log.SecurityLog ? "security-log-" : "diagnostics-")
                + NAME_TIME.format(Instant.ofEpochMilli(cp.csmsNowMs()))
                + (q.logType() == Log.SecurityLog ? ".txt" : ".zip");
        return new GetLogResponse(replacing ? LogStatus.AcceptedCanceled : LogStatus.Accepted, name);
    }

    void start(GetLogRequest q, String fileName) {
        worker.execute(() -> {
            notify(UploadLogStatus.Uploading, q.requestId());
            byte[] content;
            try {
                Instant from = time(q.log().oldestTimestamp());
                Instant to = time(q.log().latestTimestamp());
                content = q.logType() == Log.SecurityLog ? securityLog.content(from, to)
                        : diagnostics.between(from, to);
            } catch (IOException | RuntimeException e) {
                LOG.warning("log could not be collected: " + e);
                notify(UploadLogStatus.UploadFailure, q.requestId());
                return;
            }
            upload(q, fileName, content, 1);
        });
    }

    private void upload(GetLogRequest q, String fileName, byte[] content, int attempt) {
        if (current == null || current.intValue() != q.requestId()) {
            return; // N01.FR.11: replaced by a newer GetLog
        }
        try {
            HttpFiles.httpUri(q.log().remoteLocation());
        } catch (IOException e) {
            notify(UploadLogStatus.NotSupportedOperation, q.requestId());
            return;
        }
        try {
            http.upload(q.log().remoteLocation(), fileName, fileName.endsWith(".zip") ? "application/zip"
                    : "text/plain", content);
        } catch (IOException e) {
            int attempts = 1 + Math.max(0, q.retries() == null ? 1 : q.retries());
            LOG.warning("log upload attempt " + attempt + "/" + attempts + " failed: " + e.getMessage());
            if (attempt >= attempts) {
                String m = String.valueOf(e.getMessage());
                notify(m.equals("HTTP 401") || m.equals("HTTP 403") ? UploadLogStatus.PermissionDenied
                        : UploadLogStatus.UploadFailure, q.requestId());
            } else {
                long s = q.retryInterval() == null ? 60 : Math.max(0, q.retryInterval());
                cp.scheduler().schedule(s * 1000L, () -> worker.execute(() -> upload(q, fileName, content,
                        attempt + 1)));
            }
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        notify(UploadLogStatus.Uploaded, q.requestId());
    }

    private static Instant time(String dateTime) {
        return dateTime == null ? null : OffsetDateTime.parse(dateTime).toInstant();
    }

    private void notify(UploadLogStatus s, Integer requestId) {
        if (s != UploadLogStatus.Idle) {
            status = s;
        }
        LOG.info("log upload: " + s);
        cp.sendNotification("LogStatusNotification", new LogStatusNotificationRequest(s, requestId));
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
