package org.jevse.ocpp.cp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import org.jevse.board.time.Scheduler;
import org.jevse.ocpp.config.Configuration;
import org.jevse.ocpp.config.ConfigKey;
import org.jevse.ocpp.rpc.OcppJson;
import org.jevse.ocpp.session.Call;
import org.jevse.ocpp.session.Outbox;
import org.jevse.ocpp.session.RpcSession;
import org.jevse.ocpp.v16.ErrorCode;
import org.jevse.ocpp.v16.StatusNotificationRequest;
import org.jevse.ocpp.v16.StatusNotificationStatus;

/**
 * StatusNotification (OCPP 1.6 §4.9): the charger's status of each connector, shown through an overlay (Reserved
 * over Available), sent once it has lasted MinimumStatusDuration, only the latest per connector queued, sent again
 * on acceptance and on a reconnect. Keys: MinimumStatusDuration. Client thread only, except where said.
 */
public final class StatusService implements RpcSession.Listener {
    /** The keys this service reads. */
    public static final String MINIMUM_STATUS_DURATION = "MinimumStatusDuration";

    /** The keys this service owns (OCPP 1.6 §9.1.20). */
    public static List<ConfigKey> keys() {
        return List.of(ConfigKey.integer(MINIMUM_STATUS_DURATION, false, 0, 0, 3_600));
    }

    private final int connectors;
    private final Configuration config;
    private final Scheduler sched;
    private final Outbox outbox;
    private final BootService boot;
    private final Map<Integer, StatusNotificationRequest> reported = new HashMap<>();
    private final Map<Integer, StatusNotificationRequest> wanted = new HashMap<>();
    private final Map<Integer, StatusNotificationRequest> sent = new HashMap<>();
    private final Map<Integer, Scheduler.Timer> timers = new HashMap<>();
    private volatile BiFunction<Integer, StatusNotificationStatus, StatusNotificationStatus> overlay = (c, s) -> s;

    StatusService(int connectors, Configuration config, Scheduler sched, Outbox outbox, BootService boot) {
        this.connectors = connectors;
        this.config = config;
        this.sched = sched;
        this.outbox = outbox;
        this.boot = boot;
        outbox.addListener(this);
        boot.onAccepted(this::resend);
    }

    /**
     * The charger's status of a connector (0 = the charge point) changed. Sent when it has lasted
     * MinimumStatusDuration seconds; a status that reverts within that time is not sent. Any thread.
     */
    public void changed(int connectorId, StatusNotificationStatus status, ErrorCode errorCode, String info,
                        String vendorErrorCode, long wallMs) {
        StatusNotificationRequest r = new StatusNotificationRequest(connectorId, errorCode, cut(info, 50),
                status, MeterValueFactory.timestamp(wallMs), null, cut(vendorErrorCode, 50));
        sched.submit(() -> {
            reported.put(connectorId, r);
            apply(connectorId);
        });
    }

    /**
     * Shows a status other than the charger's (e.g. Reserved over Available): {@code overlay} maps a connector and
     * the charger's status to the status to report. Any thread.
     */
    public void setOverlay(BiFunction<Integer, StatusNotificationStatus, StatusNotificationStatus> o) {
        this.overlay = o;
        refresh();
    }

    /** Re-applies the overlay to every connector (after a reservation was made or ended). Any thread. */
    public void refresh() {
        sched.submit(() -> {
            for (Integer c : new ArrayList<>(reported.keySet())) {
                StatusNotificationRequest want = wanted.get(c);
                if (want == null || want.status() != overlay.apply(c, reported.get(c).status())) {
                    apply(c);
                }
            }
        });
    }

    /** The charger's own status of a connector (before any overlay), or null if none was reported yet. */
    public StatusNotificationStatus reported(int connectorId) {
        StatusNotificationRequest r = reported.get(connectorId);
        return r == null ? null : r.status();
    }

    /** TriggerMessage StatusNotification: the current status of a connector (all when null), sent again. */
    void trigger(Integer connectorId) {
        sched.submit(() -> {
            for (int c = 0; c <= connectors; c++) {
                StatusNotificationRequest want = wanted.get(c);
                if ((connectorId == null || connectorId == c) && want != null) {
                    send(want);
                }
            }
        });
    }

    /** A reconnect is not a reboot: no BootNotification, but the CSMS may have missed status changes. */
    @Override
    public void opened() {
        if (boot.open()) {
            sent.clear();
            resend();
        }
    }

    /** After a reset everything is sent again once accepted. */
    void forgetSent() {
        sent.clear();
    }

    private void apply(int connectorId) {
        StatusNotificationRequest raw = reported.get(connectorId);
        StatusNotificationStatus shown = overlay.apply(connectorId, raw.status());
        StatusNotificationRequest req = shown == raw.status() ? raw : new StatusNotificationRequest(connectorId,
                raw.errorCode(), raw.info(), shown, MeterValueFactory.timestamp(sched.time().wallMs()),
                raw.vendorId(), raw.vendorErrorCode());
        wanted.put(connectorId, req);
        cancel(timers.remove(connectorId));
        long min = config.getInt(MINIMUM_STATUS_DURATION) * 1000L;
        if (min <= 0) {
            flush(connectorId);
        } else {
            timers.put(connectorId, sched.schedule(min, () -> {
                timers.remove(connectorId);
                flush(connectorId);
            }));
        }
    }

    private void flush(int connectorId) {
        StatusNotificationRequest want = wanted.get(connectorId);
        StatusNotificationRequest last = sent.get(connectorId);
        if (want == null || (last != null && last.status() == want.status() && last.errorCode() == want.errorCode()
                && Objects.equals(last.info(), want.info()))) {
            return;
        }
        if (!boot.online()) {
            return; // sent on acceptance / reconnect
        }
        send(want);
    }

    private void send(StatusNotificationRequest req) {
        // Only the latest status per connector waits in the queue.
        outbox.dropQueued(p -> "StatusNotification".equals(p.action())
                && p.payload().path("connectorId").asInt() == req.connectorId());
        sent.put(req.connectorId(), req);
        outbox.enqueue(new Call("StatusNotification", Call.Kind.NORMAL, OcppJson.toTree(req), p -> { },
                e -> sent.remove(req.connectorId())));
    }

    private void resend() {
        for (int c = 0; c <= connectors; c++) {
            StatusNotificationRequest want = wanted.get(c);
            if (want != null && timers.get(c) == null) {
                StatusNotificationRequest last = sent.get(c);
                if (last == null || last.status() != want.status() || last.errorCode() != want.errorCode()) {
                    send(want);
                }
            }
        }
    }

    static String cut(String s, int n) {
        return s == null || s.length() <= n ? s : s.substring(0, n);
    }

    private static void cancel(Scheduler.Timer t) {
        if (t != null) {
            t.cancel();
        }
    }
}
