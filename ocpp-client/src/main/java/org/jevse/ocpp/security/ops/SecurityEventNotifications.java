package org.jevse.ocpp.security.ops;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.logging.Logger;
import org.jevse.ocpp.cp.ChargePoint;
import org.jevse.ocpp.security.SecurityEvent;
import org.jevse.ocpp.security.SecurityEventQueue;
import org.jevse.ocpp.security.SecurityEvents;
import org.jevse.ocpp.security.SecurityLog;
import org.jevse.ocpp.v16.SecurityEventNotificationRequest;

/**
 * Security events (Security Whitepaper ed. 2 §8, use case A04): every event goes to the {@link SecurityLog}
 * (A04.FR.04) and is sent in SecurityEventNotification.req. A critical one is first persisted in the
 * {@link SecurityEventQueue} and stays there until the Central System has answered it (A04.FR.02/03): while offline
 * and across restarts it waits, and it is sent again after a CALLERROR or a call timeout, {@link #RETRY_MS} later,
 * up to {@link #ATTEMPTS} times (a Central System that always refuses it must not block the queue for ever). A
 * non-critical event is sent once, when possible.
 */
public final class SecurityEventNotifications implements SecurityEvents {
    private static final Logger LOG = Logger.getLogger(SecurityEventNotifications.class.getName());
    static final long RETRY_MS = 30_000;
    static final int ATTEMPTS = 5;

    private final ChargePoint cp;
    private final SecurityEventQueue queue;
    private final SecurityLog log;

    private SecurityEventNotifications(ChargePoint cp, SecurityEventQueue queue, SecurityLog log) {
        this.cp = cp;
        this.queue = queue;
        this.log = log;
    }

    /**
     * Starts delivering what an earlier run left queued, and raises StartupOfTheDevice.
     *
     * @param startup whether this is the device's start (false for a client restarted within a running process)
     */
    public static SecurityEventNotifications start(ChargePoint cp, SecurityEventQueue queue, SecurityLog log,
                                                   boolean startup) {
        SecurityEventNotifications n = new SecurityEventNotifications(cp, queue, log);
        for (Map.Entry<Long, SecurityEventNotificationRequest> e : queue.pending()) {
            n.send(e.getKey(), e.getValue(), 1);
        }
        if (startup) {
            n.raise(SecurityEvent.StartupOfTheDevice, null);
        }
        return n;
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
        long seq;
        try {
            seq = queue.add(r);
        } catch (IOException e) {
            LOG.warning("critical security event " + event + " could not be queued: " + e.getMessage());
            cp.sendCall("SecurityEventNotification", r, p -> { }, x -> { });
            return;
        }
        send(seq, r, 1);
    }

    private void send(long seq, SecurityEventNotificationRequest r, int attempt) {
        cp.sendCall("SecurityEventNotification", r, answer -> delivered(seq), failure -> {
            if (attempt >= ATTEMPTS) {
                LOG.warning("security event " + r.type_() + " dropped after " + attempt + " failed attempts: " + failure);
                delivered(seq);
                return;
            }
            cp.scheduler().schedule(RETRY_MS, () -> send(seq, r, attempt + 1));
        });
    }

    private void delivered(long seq) {
        try {
            queue.remove(seq);
        } catch (IOException e) {
            LOG.warning("answered security event still on disk (sent again after a restart): " + e.getMessage());
        }
    }
}
