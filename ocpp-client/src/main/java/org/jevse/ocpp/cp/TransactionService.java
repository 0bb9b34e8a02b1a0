package org.jevse.ocpp.cp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.logging.Logger;
import org.jevse.board.time.Scheduler;
import org.jevse.ocpp.config.Configuration;
import org.jevse.ocpp.config.ConfigKey;
import org.jevse.ocpp.rpc.OcppJson;
import org.jevse.ocpp.rpc.RpcException;
import org.jevse.ocpp.session.Call;
import org.jevse.ocpp.session.Outbox;
import org.jevse.ocpp.session.RpcSession;
import org.jevse.ocpp.store.TransactionStore;
import org.jevse.ocpp.v16.AuthorizeStatus;
import org.jevse.ocpp.v16.IdTagInfo;
import org.jevse.ocpp.v16.SecurityEventNotificationRequest;
import org.jevse.ocpp.v16.StartTransactionRequest;
import org.jevse.ocpp.v16.StartTransactionResponse;
import org.jevse.ocpp.v16.StopTransactionReason;
import org.jevse.ocpp.v16.StopTransactionRequest;
import org.jevse.ocpp.v16.TransactionData;

/**
 * Transactions (OCPP 1.6 §4.8, §4.10, errata §3.7.1): StartTransaction and StopTransaction persisted before the
 * charger's step ends, delivered in order with the meter values of the transaction as the session's persistent
 * queue, retried per TransactionMessageAttempts/RetryInterval and never counted as failed while offline; the
 * mapping of local to CSMS transaction ids; PowerLoss for transactions cut by a restart; StopTransactionOnInvalidId
 * and MaxEnergyOnInvalidId when the CSMS refuses the tag of a started transaction. Critical security events share
 * the queue (Security Whitepaper ed. 2 A04.FR.02).
 */
public final class TransactionService implements RpcSession.Queue {
    private static final Logger LOG = Logger.getLogger(TransactionService.class.getName());
    public static final String MAX_ENERGY_ON_INVALID_ID = "MaxEnergyOnInvalidId";
    public static final String STOP_TRANSACTION_ON_INVALID_ID = "StopTransactionOnInvalidId";
    public static final String TRANSACTION_MESSAGE_ATTEMPTS = "TransactionMessageAttempts";
    public static final String TRANSACTION_MESSAGE_RETRY_INTERVAL = "TransactionMessageRetryInterval";

    /** The keys this service owns (OCPP 1.6 §9.1.14, §9.1.24, §9.1.31-32). */
    public static List<ConfigKey> keys() {
        return List.of(
                // With StopTransactionOnInvalidId false: the energy (Wh) a refused tag may still take; 0 = no cap.
                ConfigKey.integer(MAX_ENERGY_ON_INVALID_ID, false, 0, 0, 1_000_000_000),
                ConfigKey.bool(STOP_TRANSACTION_ON_INVALID_ID, false, true),
                ConfigKey.integer(TRANSACTION_MESSAGE_ATTEMPTS, false, 3, 1, 100),
                ConfigKey.integer(TRANSACTION_MESSAGE_RETRY_INTERVAL, false, 60, 0, 86_400));
    }

    private final int connectors;
    private final Configuration config;
    private final TransactionStore store;
    private final Scheduler sched;
    private final ChargePointHost host;
    private final AvailabilityService availability;
    private final List<BiConsumer<String, IdTagInfo>> idTagInfoListeners = new CopyOnWriteArrayList<>();
    /** Local ids of transactions whose tag the CSMS refused at start, with the meter value then. */
    private final Map<Long, Long> refused = new ConcurrentHashMap<>();
    private final Outbox outbox;
    private long notBeforeMs;
    private Scheduler.Timer retryTimer;

    TransactionService(int connectors, Configuration config, TransactionStore store, Scheduler sched,
                       ChargePointHost host, AvailabilityService availability, Outbox outbox) {
        this.connectors = connectors;
        this.outbox = outbox;
        this.config = config;
        this.store = store;
        this.sched = sched;
        this.host = host;
        this.availability = availability;
    }

    /** Receives every IdTagInfo of a StartTransaction.conf (the authorization cache learns from it). */
    public void addIdTagInfoListener(BiConsumer<String, IdTagInfo> l) {
        idTagInfoListeners.add(l);
    }

    /** Queues a StopTransaction (reason PowerLoss) for each transaction a power loss cut. */
    void recoverPowerLoss() {
        List<Long> cut = store.recoverPowerLoss();
        if (!cut.isEmpty()) {
            LOG.warning("transactions cut by a power loss, stopping them with reason PowerLoss: local ids " + cut);
        }
    }

    /**
     * Queues a critical SecurityEventNotification.req with the transaction messages (Security Whitepaper ed. 2
     * A04.FR.02: guaranteed delivery): persisted before this returns, delivered in order, retried as they are.
     */
    public void queueSecurityEvent(SecurityEventNotificationRequest r) {
        store.securityEvent((ObjectNode) OcppJson.toTree(r));
        sched.submit(outbox::pump);
    }

    /** The critical security events waiting for the Central System's answer. */
    public int queuedSecurityEvents() {
        return store.queued(TransactionStore.Kind.SECURITY);
    }

    /** True while transaction messages wait to be delivered. */
    public boolean busy() {
        return !store.isEmpty();
    }

    /** A transaction started (charger thread); persisted before this returns. Returns the local id. */
    long started(int connectorId, String idTag, long meterStartWh, long wallMs, Integer reservationId) {
        StartTransactionRequest req = new StartTransactionRequest(connectorId, StatusService.cut(idTag, 20),
                meterStartWh, reservationId, MeterValueFactory.timestamp(wallMs));
        long localTx = store.start(connectorId, (ObjectNode) OcppJson.toTree(req));
        sched.submit(outbox::pump);
        return localTx;
    }

    /**
     * The transaction on {@code connectorId} stopped (charger thread); StopTransaction with its transactionData is
     * persisted before this returns. meterStop is raised to the last value reported during the transaction if it
     * lags it, as the register only counts up. {@code idTag} is sent only when the stop is Local (or has no
     * reason, which means Local): OCPP 1.6 §6.49 the idTag is the one that requested the stop, and only a local
     * stop was requested by a tag; a Remote, EVDisconnected, PowerLoss... stop carries none.
     */
    void stopped(int connectorId, long meterStopWh, long wallMs, StopTransactionReason reason, String idTag,
                 List<TransactionData> data) {
        TransactionStore.Active tx = store.active(connectorId);
        long meterStop = tx == null ? meterStopWh : Math.max(meterStopWh, tx.lastMeterWh());
        String stopTag = reason == null || reason == StopTransactionReason.Local ? idTag : null;
        // The CSMS transactionId is patched in by the store when the message is sent: 0 stands for it here.
        StopTransactionRequest req = new StopTransactionRequest(StatusService.cut(stopTag, 20),
                meterStop, MeterValueFactory.timestamp(wallMs), 0, reason, data);
        ObjectNode p = (ObjectNode) OcppJson.toTree(req);
        p.remove("transactionId");
        store.stop(connectorId, p);
        sched.submit(() -> {
            availability.afterTransaction(connectorId);
            outbox.pump();
        });
    }

    /** A reading during a transaction: its register, and MaxEnergyOnInvalidId (charger thread). */
    void metered(int connectorId, MeterReading r) {
        TransactionStore.Active tx = store.active(connectorId);
        if (tx == null) {
            return;
        }
        store.lastMeter(connectorId, MeterValueFactory.registerWh(r.energyWh()),
                MeterValueFactory.timestamp(r.wallMs()));
        Long refusedAt = refused.get(tx.localTx());
        int maxWh = config.getInt(MAX_ENERGY_ON_INVALID_ID);
        if (refusedAt != null && maxWh > 0 && r.energyWh() - refusedAt >= maxWh) {
            refused.remove(tx.localTx());
            sched.submit(() -> host.deauthorize(connectorId));
        }
    }

    // ================================================================== the session's persistent queue

    @Override
    public Call next() {
        TransactionStore.Entry head = store.head();
        if (head == null) {
            return null;
        }
        long now = sched.time().monotonicMs();
        if (now < notBeforeMs) {
            if (retryTimer == null) {
                retryTimer = sched.schedule(notBeforeMs - now, () -> {
                    retryTimer = null;
                    outbox.pump();
                });
            }
            return null;
        }
        ObjectNode payload = store.payloadToSend(head);
        if (payload == null) {
            LOG.warning(head.action() + " of local transaction " + head.localTx()
                    + " has no transactionId (its StartTransaction was discarded): dropped");
            store.discard(head);
            return next();
        }
        return new Call(head.action(), Call.Kind.QUEUED, payload, r -> answered(head, r), e -> failed(head, e));
    }

    @Override
    public long headSeq() {
        TransactionStore.Entry head = store.head();
        return head == null ? -1 : head.seq();
    }

    @Override
    public long lastSeq() {
        return store.lastSeq();
    }

    void stop() {
        if (retryTimer != null) {
            retryTimer.cancel();
        }
    }

    private void answered(TransactionStore.Entry e, JsonNode payload) {
        notBeforeMs = 0;
        if (e.kind() != TransactionStore.Kind.START) {
            store.confirmed(e);
            return;
        }
        StartTransactionResponse r;
        try {
            r = OcppJson.parse(payload, StartTransactionResponse.class);
        } catch (RpcException ex) {
            failed(e, ex);
            return;
        }
        store.startConfirmed(e, r.transactionId());
        String idTag = e.payload().path("idTag").asText();
        idTagInfoListeners.forEach(l -> l.accept(idTag, r.idTagInfo()));
        if (r.idTagInfo().status() != AuthorizeStatus.Accepted) {
            TransactionStore.Active a = activeByLocal(e.localTx());
            if (a != null && config.getBool(STOP_TRANSACTION_ON_INVALID_ID)) {
                host.deauthorize(a.connectorId());
            } else if (a != null) {
                refused.put(e.localTx(), a.lastMeterWh());
            }
        }
    }

    private void failed(TransactionStore.Entry e, RpcException ex) {
        int attempts = store.failed(e);
        int max = config.getInt(TRANSACTION_MESSAGE_ATTEMPTS);
        LOG.warning(e.action() + " attempt " + attempts + "/" + max + " failed: " + ex.code() + " " + ex.getMessage());
        if (attempts >= max) {
            store.discard(e);
            notBeforeMs = 0;
        } else {
            notBeforeMs = sched.time().monotonicMs()
                    + (long) config.getInt(TRANSACTION_MESSAGE_RETRY_INTERVAL) * 1000L * attempts;
        }
    }

    private TransactionStore.Active activeByLocal(long localTx) {
        for (int c = 1; c <= connectors; c++) {
            TransactionStore.Active a = store.active(c);
            if (a != null && a.localTx() == localTx) {
                return a;
            }
        }
        return null;
    }

    /** True when a transaction runs on {@code connectorId}. */
    public boolean active(int connectorId) {
        return store.active(connectorId) != null;
    }

    /** The CSMS transactionId of the transaction on a connector, or null. */
    public Integer transactionId(int connectorId) {
        TransactionStore.Active a = store.active(connectorId);
        return a == null ? null : store.csmsTransactionId(a.localTx());
    }

    /** The connector whose running transaction the CSMS knows as {@code transactionId}, or -1. */
    public int connectorOfTransaction(int transactionId) {
        long local = store.localTransactionId(transactionId);
        if (local < 0) {
            return -1;
        }
        TransactionStore.Active a = activeByLocal(local);
        return a == null ? -1 : a.connectorId();
    }
}
