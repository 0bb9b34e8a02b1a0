package org.jevse.ocpp.cp;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;
import java.util.logging.Logger;
import org.jevse.board.time.Scheduler;
import org.jevse.ocpp.config.Configuration;
import org.jevse.ocpp.config.ConfigKey;
import org.jevse.ocpp.rpc.OcppJson;
import org.jevse.ocpp.rpc.RpcException;
import org.jevse.ocpp.session.Call;
import org.jevse.ocpp.session.Outbox;
import org.jevse.ocpp.session.RpcSession;
import org.jevse.ocpp.v16.BootNotificationRequest;
import org.jevse.ocpp.v16.BootNotificationResponse;
import org.jevse.ocpp.v16.HeartbeatRequest;
import org.jevse.ocpp.v16.HeartbeatResponse;

/**
 * Boot and Heartbeat (OCPP 1.6 §4.2, §4.6): the registration gate of the session (nothing but BootNotification
 * before Accepted, no new BootNotification on a mere reconnect), the heartbeat when the connection is idle, and the
 * CSMS's clock from their answers. Keys: HeartbeatInterval. Client thread only, except where said.
 */
public final class BootService implements RpcSession.Gate, RpcSession.Listener {
    private static final Logger LOG = Logger.getLogger(BootService.class.getName());
    public static final String HEARTBEAT_INTERVAL = "HeartbeatInterval";

    /** The keys this service owns (OCPP 1.6 §9.1.10). */
    public static List<ConfigKey> keys() {
        return List.of(ConfigKey.integer(HEARTBEAT_INTERVAL, false, 300, 0, 604_800));
    }

    private final ChargePoint.Identity identity;
    private final long bootRetryMs;
    private final Configuration config;
    private final Scheduler sched;
    private final ChargePointHost host;
    private final List<Runnable> onAccepted = new CopyOnWriteArrayList<>();
    private final List<LongConsumer> onClockSet = new CopyOnWriteArrayList<>();
    private final Outbox outbox;
    private volatile Registration registration = Registration.UNKNOWN;
    private boolean bootDue = true;
    private Scheduler.Timer bootTimer;
    private Scheduler.Timer heartbeatTimer;
    private int heartbeatIntervalS = -1;
    private volatile long csmsOffsetMs;

    BootService(ChargePoint.Identity identity, long bootRetryMs, Configuration config, Scheduler sched,
                ChargePointHost host, Outbox outbox) {
        this.identity = identity;
        this.outbox = outbox;
        outbox.addListener(this);
        this.bootRetryMs = bootRetryMs;
        this.config = config;
        this.sched = sched;
        this.host = host;
        config.addListener((key, value) -> {
            if (HEARTBEAT_INTERVAL.equals(key)) {
                sched.submit(() -> {
                    heartbeatIntervalS = -1;
                    scheduleHeartbeat();
                });
            }
        });
    }

    /**
     * Runs {@code l} with the change in ms each time the Central System's currentTime (BootNotification.conf,
     * Heartbeat.conf) moves the charger's time by {@link ChargePoint#CLOCK_SET_EVENT_MS} or more.
     */
    void onClockSet(LongConsumer l) {
        onClockSet.add(l);
    }

    /** Runs on the client thread whenever the CSMS accepts the charge point. */
    void onAccepted(Runnable r) {
        onAccepted.add(r);
    }

    public Registration registration() {
        return registration;
    }

    /** True when the CSMS can be asked right now. */
    public boolean online() {
        return outbox.connected() && registration == Registration.ACCEPTED;
    }

    /** The wall time corrected by the CSMS's clock (from BootNotification and Heartbeat). Any thread. */
    public long csmsNowMs() {
        return sched.time().wallMs() + csmsOffsetMs;
    }

    // ================================================================== the gate

    @Override
    public boolean open() {
        return registration == Registration.ACCEPTED;
    }

    @Override
    public Call next() {
        if (!bootDue) {
            return null;
        }
        bootDue = false;
        BootNotificationRequest req = new BootNotificationRequest(identity.vendor(), identity.model(),
                identity.serialNumber(), null, identity.firmwareVersion(), null, null, identity.meterType(), null);
        return new Call("BootNotification", Call.Kind.GATE, OcppJson.toTree(req), p -> bootAnswered(p), e -> {
            LOG.warning("BootNotification failed: " + e.code() + " " + e.getMessage());
            retryBootIn(bootRetryMs);
        });
    }

    @Override
    public void cut() {
        bootDue = true;
    }

    @Override
    public boolean silent() {
        return registration == Registration.REJECTED;
    }

    @Override
    public void opened() {
        if (registration != Registration.ACCEPTED) {
            if (bootTimer == null) {
                bootDue = true;
            }
        } else {
            scheduleHeartbeat();
        }
    }

    @Override
    public void closed() {
        cancel(heartbeatTimer);
        heartbeatTimer = null;
    }

    @Override
    public void sent() {
        scheduleHeartbeat();
    }

    /** After a reset: register again with a new BootNotification, as after a reboot. */
    void forget() {
        registration = Registration.UNKNOWN;
        bootDue = true;
    }

    void stop() {
        cancel(heartbeatTimer);
        cancel(bootTimer);
    }

    private void bootAnswered(com.fasterxml.jackson.databind.JsonNode payload) {
        BootNotificationResponse r;
        try {
            r = OcppJson.parse(payload, BootNotificationResponse.class);
        } catch (RpcException e) {
            LOG.warning("invalid BootNotification answer: " + e.getMessage());
            retryBootIn(bootRetryMs);
            return;
        }
        timeFromCsms(r.currentTime());
        switch (r.status()) {
            case Accepted:
                registration = Registration.ACCEPTED;
                if (r.interval() > 0) {
                    heartbeatIntervalS = r.interval();
                }
                LOG.info("BootNotification accepted, heartbeat every " + heartbeatIntervalS() + " s");
                host.registrationChanged(registration);
                onAccepted.forEach(Runnable::run);
                scheduleHeartbeat();
                break;
            case Pending:
                registration = Registration.PENDING;
                host.registrationChanged(registration);
                retryBootIn(r.interval() > 0 ? r.interval() * 1000L : bootRetryMs);
                break;
            case Rejected:
            default:
                registration = Registration.REJECTED;
                host.registrationChanged(registration);
                retryBootIn(r.interval() > 0 ? r.interval() * 1000L : bootRetryMs);
                break;
        }
    }

    private void retryBootIn(long ms) {
        cancel(bootTimer);
        bootTimer = sched.schedule(ms, () -> {
            bootTimer = null;
            bootDue = true;
            outbox.pump();
        });
    }

    /**
     * TriggerMessage BootNotification before the CSMS accepted the charge point: the next BootNotification goes
     * out now instead of after the interval. Once accepted a trigger is refused (OCPP 1.6 errata 3.35), so a
     * BootNotification never competes with a running registration.
     */
    void triggerBoot() {
        sched.submit(() -> {
            if (registration == Registration.ACCEPTED || outbox.gateCallInFlight()) {
                return;
            }
            cancel(bootTimer);
            bootTimer = null;
            bootDue = true;
            outbox.pump();
        });
    }

    // ================================================================== heartbeat

    private int heartbeatIntervalS() {
        return heartbeatIntervalS > 0 ? heartbeatIntervalS : config.getInt(HEARTBEAT_INTERVAL);
    }

    private void scheduleHeartbeat() {
        cancel(heartbeatTimer);
        heartbeatTimer = null;
        int s = heartbeatIntervalS();
        if (!online() || s <= 0) {
            return;
        }
        heartbeatTimer = sched.schedule(s * 1000L, () -> {
            heartbeatTimer = null;
            heartbeat();
        });
    }

    /** Sends a Heartbeat now (also for TriggerMessage). Any thread. */
    void heartbeat() {
        sched.submit(() -> outbox.enqueue(new Call("Heartbeat", Call.Kind.NORMAL,
                OcppJson.toTree(new HeartbeatRequest()), p -> {
                    try {
                        timeFromCsms(OcppJson.parse(p, HeartbeatResponse.class).currentTime());
                    } catch (RpcException e) {
                        LOG.fine("invalid Heartbeat answer: " + e.getMessage());
                    }
                }, e -> { })));
    }

    private void timeFromCsms(String currentTime) {
        try {
            long csms = OffsetDateTime.parse(currentTime).toInstant().toEpochMilli();
            long moved = csms - csmsNowMs();
            csmsOffsetMs = csms - sched.time().wallMs();
            host.csmsTime(csms);
            if (Math.abs(moved) >= ChargePoint.CLOCK_SET_EVENT_MS) {
                onClockSet.forEach(l -> l.accept(moved));
            }
        } catch (RuntimeException e) {
            LOG.fine("unreadable currentTime " + currentTime);
        }
    }

    private static void cancel(Scheduler.Timer t) {
        if (t != null) {
            t.cancel();
        }
    }
}
