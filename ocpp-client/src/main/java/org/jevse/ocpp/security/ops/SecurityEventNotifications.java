package org.jevse.ocpp.security.ops;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import java.util.logging.Logger;
import org.jevse.ocpp.cp.ChargePoint;
import org.jevse.ocpp.security.AtomicFile;
import org.jevse.ocpp.security.RestartRecord;
import org.jevse.ocpp.security.SecurityEvent;
import org.jevse.ocpp.security.SecurityEvents;
import org.jevse.ocpp.security.SecurityLog;
import org.jevse.ocpp.v16.SecurityEventNotificationRequest;

/**
 * Security events (Security Whitepaper ed. 2 §8, use case A04): every event goes to the {@link SecurityLog}
 * (A04.FR.04) and is sent in SecurityEventNotification.req. A critical one is queued with the transaction
 * messages ({@link org.jevse.ocpp.cp.TransactionService#queueSecurityEvent}: persisted in the journal, delivered
 * in order, kept while offline and across restarts until the Central System has answered it, retried per
 * TransactionMessageAttempts/RetryInterval: A04.FR.02/03). A non-critical event is sent once, when possible.
 */
public final class SecurityEventNotifications implements SecurityEvents {
    private static final Logger LOG = Logger.getLogger(SecurityEventNotifications.class.getName());

    private final ChargePoint cp;
    private final SecurityLog log;

    private SecurityEventNotifications(ChargePoint cp, SecurityLog log) {
        this.cp = cp;
        this.log = log;
    }

    /**
     * From now on ResetOrReboot when a Reset is accepted and again at the boot after it (with the Reset as its
     * cause), and SettingSystemTime when the Central System's time moves the clock by
     * {@link ChargePoint#CLOCK_SET_EVENT_MS} or more. With {@code restarts}, this is the device's start:
     * StartupOfTheDevice, then ResetOrReboot with the cause of the restart the record tells (none on the very first
     * start); what an earlier run left queued is in the transaction journal already.
     *
     * @param restarts the device's restart record, or null for a client started again within a running process
     */
    public static SecurityEventNotifications start(ChargePoint cp, SecurityLog log, RestartRecord restarts) {
        SecurityEventNotifications n = new SecurityEventNotifications(cp, log);
        AtomicReference<String> resetCause = new AtomicReference<>();
        // Security Whitepaper ed. 2 §8: the events the client itself can observe.
        cp.onResetAccepted(type -> {
            String cause = "Reset " + type + " from the Central System";
            n.raise(SecurityEvent.ResetOrReboot, cause);
            resetCause.set(cause);
            if (restarts != null) {
                restarts.expect(cause); // if the process ends before the client restarts, the next start says so
            }
        });
        // §8 ResetOrReboot "The Charge Point was rebooted or reset": reported at the boot that follows, once.
        cp.onRestarted(() -> {
            String cause = resetCause.getAndSet(null);
            n.raise(SecurityEvent.ResetOrReboot, "boot after " + (cause != null ? cause : "a restart of the client"));
            if (restarts != null) {
                restarts.running();
            }
        });
        cp.onClockSet(moved -> n.raise(SecurityEvent.SettingSystemTime, String.format(
                "clock moved by %+d s to the Central System's currentTime", moved / 1000)));
        if (restarts != null) {
            n.raise(SecurityEvent.StartupOfTheDevice, null);
            restarts.restartCause().ifPresent(cause -> n.raise(SecurityEvent.ResetOrReboot, cause));
            restarts.running();
        }
        return n;
    }

    /**
     * Moves the critical events an earlier version queued one file per event ({@code NNNNNNNNNNNNNNNN.json} under
     * {@code dir}) into the transaction journal, oldest first, and deletes each file once it is queued there.
     */
    static void moveIn(Path dir, ChargePoint cp) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().matches("\\d{16}\\.json")).sorted().toList();
        }
        for (Path p : files) {
            try {
                AtomicFile.readJson(p, new TypeReference<SecurityEventNotificationRequest>() { })
                        .ifPresent(r -> cp.transactions().queueSecurityEvent(r));
            } catch (IOException | RuntimeException e) {
                LOG.warning("unreadable queued security event " + p + " dropped: " + e.getMessage());
            }
            AtomicFile.delete(p);
        }
        Files.deleteIfExists(dir);
    }

    @Override
    public void raise(SecurityEvent event, String techInfo) {
        Instant at = Instant.ofEpochMilli(cp.csmsNowMs());
        log.append(at, event, techInfo);
        SecurityEventNotificationRequest r = event.notification(at, techInfo);
        if (!event.critical()) {
            cp.sendCall("SecurityEventNotification", r, p -> { }, e -> LOG.fine("security event not sent: " + e));
            return;
        }
        cp.transactions().queueSecurityEvent(r);
    }
}
