package org.jevse.ocpp.cp;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.random.RandomGenerator;
import org.jevse.board.time.Scheduler;
import org.jevse.ocpp.config.Configuration;
import org.jevse.ocpp.rpc.OcppJson;
import org.jevse.ocpp.rpc.RpcException;
import org.jevse.ocpp.session.Call;
import org.jevse.ocpp.session.Operation;
import org.jevse.ocpp.session.Outbox;
import org.jevse.ocpp.session.RpcSession;
import org.jevse.ocpp.store.AvailabilityStore;
import org.jevse.ocpp.store.TransactionStore;
import org.jevse.ocpp.transport.Backoff;
import org.jevse.ocpp.transport.Transport;
import org.jevse.ocpp.v16.ErrorCode;
import org.jevse.ocpp.v16.IdTagInfo;
import org.jevse.ocpp.v16.ResetType;
import org.jevse.ocpp.v16.StatusNotificationStatus;
import org.jevse.ocpp.v16.StopTransactionReason;

/**
 * The OCPP 1.6J charge point: a facade that builds the services (docs/ocpp.md "Services") and hands the charger's
 * calls to them. The {@link RpcSession} carries the frames; {@link BootService} registers and beats the heart,
 * {@link StatusService} reports connector statuses, {@link MeteringService} meter values, {@link TransactionService}
 * transactions, {@link AvailabilityService} availability, {@link ResetService} resets, {@link AuthorizeCall}
 * Authorize.req; the optional {@link Features} (local list, cache, smart charging, reservations) are built here
 * from a {@link Features.Setup}, while {@link org.jevse.ocpp.firmware.FirmwareManagement} and {@link Security} still
 * add their own on top. The services get their collaborators in their constructors and reach the
 * session through an {@link Outbox}; the keys they own are {@link CoreKeys}.
 *
 * <p>Threads: every protocol state lives on the {@link Scheduler}'s single thread. The charger calls the
 * {@code transaction*} and {@code meterReading} methods on its own thread; they persist synchronously (so the core
 * may consider the step done when they return) and then hand the sending to the client thread.
 */
public final class ChargePoint {

    /** What BootNotification says about this charge point. */
    public record Identity(String vendor, String model, String serialNumber, String firmwareVersion,
                           String meterType) {
        /** The firmwareVersion jevse reports: the version of this build. */
        public static final String JEVSE_VERSION = "0.1.0";
    }

    /**
     * Protocol timing.
     *
     * @param callTimeoutMs     how long a CALL waits for its answer
     * @param reconnectMinMs    first reconnect wait; doubles per failure up to {@code reconnectMaxMs}
     * @param reconnectJitterMs random extra wait on top of each reconnect wait
     * @param bootRetryMs       wait before repeating a BootNotification that failed or got interval 0
     */
    public record Timing(long callTimeoutMs, long reconnectMinMs, long reconnectMaxMs, long reconnectJitterMs,
                         long bootRetryMs) {
        public static Timing defaults() {
            return new Timing(30_000, 3_000, 300_000, 3_000, 60_000);
        }
    }

    private final int connectors;
    private final Configuration config;
    private final TransactionStore store;
    private final Scheduler sched;
    private final ChargePointHost host;
    private final RpcSession session;
    private final BootService boot;
    private final StatusService status;
    private final MeteringService metering;
    private final TransactionService transactions;
    private final AvailabilityService availability;
    private final TriggerMessage triggerMessage;
    private final Triggers triggers = new Triggers();
    private final ResetService resets;
    private final AuthorizeCall authorize;
    /** A currentTime of the Central System moving the charger's time this much is a SettingSystemTime event. */
    public static final long CLOCK_SET_EVENT_MS = 60_000;

    private final Features.Installed features;

    /** A charge point with the Core and RemoteTrigger profiles only. */
    public ChargePoint(Identity identity, Timing timing, int connectors, Configuration config, TransactionStore store,
                       AvailabilityStore availability, Transport transport, Scheduler sched, ChargePointHost host,
                       RandomGenerator random) {
        this(identity, timing, connectors, config, store, availability, transport, sched, host, random, null);
    }

    /**
     * A charge point with the LocalAuthListManagement, SmartCharging and Reservation profiles built from
     * {@code features} ({@link #features()}), or without them when it is null.
     */
    public ChargePoint(Identity identity, Timing timing, int connectors, Configuration config, TransactionStore store,
                       AvailabilityStore availability, Transport transport, Scheduler sched, ChargePointHost host,
                       RandomGenerator random, Features.Setup features) {
        this.connectors = connectors;
        this.config = config;
        this.store = store;
        this.sched = sched;
        this.host = host;
        // The services reach the session through the outbox; the session pulls from two of them (docs/ocpp.md).
        Outbox outbox = new Outbox();
        this.boot = new BootService(identity, timing.bootRetryMs(), config, sched, host, outbox);
        this.availability = new AvailabilityService(connectors, availability, store, host);
        this.transactions = new TransactionService(connectors, config, store, sched, host, this.availability,
                outbox);
        this.metering = new MeteringService(config, store, sched, outbox, boot, host);
        this.status = new StatusService(connectors, config, sched, outbox, boot);
        this.session = new RpcSession(transport, sched, timing.callTimeoutMs(), new Backoff(timing.reconnectMinMs(),
                timing.reconnectMaxMs(), timing.reconnectJitterMs(), random), boot, transactions, outbox);
        this.resets = new ResetService(connectors, timing.callTimeoutMs(), sched, session, boot, status, transactions);
        this.authorize = new AuthorizeCall(sched, outbox, boot);
        this.triggerMessage = new TriggerMessage(connectors, boot, status, metering, triggers);
        List<Operation<?, ?>> core = List.of(new ChangeConfiguration(config), new GetConfiguration(config),
                new DataTransfer(host), resets.operation(host), new UnlockConnector(connectors, host),
                new ClearCache(() -> false), // Rejected without an authorization cache (Features)
                new RemoteStopTransaction(transactions, host),
                triggerMessage);
        core.forEach(session::register);
        this.availability.operations().forEach(session::register);
        this.features = features == null ? null : Features.build(features, new Features.Core(connectors, config,
                sched, store, availability, status, transactions, boot, authorize), session::register);
        session.register(new RemoteStartTransaction(connectors, transactions, this.availability, host,
                this.features == null ? null : this.features.authorization(),
                this.features == null ? null : this.features.profiles(), this::csmsNowMs));
    }

    // ================================================================== the services

    public RpcSession session() {
        return session;
    }

    /**
     * Sends a message an ExtendedTriggerMessage asked for (Security Whitepaper §2.7): the same as TriggerMessage.
     * Client thread only, after the answer.
     */
    public void sendTriggered(org.jevse.ocpp.v16.RequestedMessage message, Integer connectorId) {
        triggerMessage.send(message, connectorId);
    }

    public StatusService status() {
        return status;
    }

    public TransactionService transactions() {
        return transactions;
    }

    public Triggers triggers() {
        return triggers;
    }

    /** Adds or replaces the handler of one CSMS-initiated action (e.g. smart charging, local list). */
    public void register(Operation<?, ?> op) {
        session.register(op);
    }

    /** The optional profiles built from the constructor's {@link Features.Setup}, or null without one. */
    public Features.Installed features() {
        return features;
    }

    /** Observes every frame sent and received (tests validate them against the schemas). */
    public void addFrameTap(BiConsumer<RpcSession.Direction, String> tap) {
        session.addFrameTap(tap);
    }

    public Configuration config() {
        return config;
    }

    public TransactionStore store() {
        return store;
    }

    public AvailabilityStore availability() {
        return availability.store();
    }

    public ChargePointHost host() {
        return host;
    }

    public int connectors() {
        return connectors;
    }

    public Scheduler scheduler() {
        return sched;
    }

    // ================================================================== lifecycle

    /**
     * Recovers transactions cut by a power loss (queues their StopTransaction with reason PowerLoss) and starts
     * connecting. Call once.
     */
    public void start() {
        transactions.recoverPowerLoss();
        sched.submit(session::start);
    }

    /** {@link #stop(long)} without draining: only the answer to the CALL in flight is awaited. */
    public CompletableFuture<Void> stop() {
        return stop(0);
    }

    /**
     * Closes the connection for good. For up to {@code drainMs} the transaction messages queued so far are still
     * delivered (connecting and registering if needed); a CALL in flight gets its answer or its call timeout first.
     * What is not delivered stays on disk for the next start. The future completes when the connection is closed
     * (never, if the scheduler was shut down first).
     */
    public CompletableFuture<Void> stop(long drainMs) {
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        sched.submit(() -> session.closeAfterAnswers(drainMs, () -> {
            session.shutdown();
            boot.stop();
            transactions.stop();
        }).thenRun(() -> stopped.complete(null)));
        return stopped;
    }

    /**
     * A soft reset of the protocol state: once the transaction messages queued so far are answered, for at most one
     * call timeout, disconnect and start over with a new BootNotification, as after a reboot ({@link ResetService}).
     */
    public void restart() {
        resets.restart();
    }

    /** Runs {@code l} with the type of each Reset the charger accepted, before it restarts (security events). */
    public void onResetAccepted(Consumer<ResetType> l) {
        resets.onAccepted(l);
    }

    /** Runs {@code r} on the client thread each time the client starts over after a Reset (before its boot). */
    public void onRestarted(Runnable r) {
        resets.onRestarted(r);
    }

    /**
     * Runs {@code l} with the change in ms each time the Central System's currentTime moves the charger's time by
     * {@link #CLOCK_SET_EVENT_MS} or more (security events).
     */
    public void onClockSet(LongConsumer l) {
        boot.onClockSet(l);
    }

    /**
     * Drops the connection, once the CALL in flight is answered, and connects again (new credentials or security
     * profile, Security Whitepaper §7.2): not a reboot, so no BootNotification; queued messages are kept.
     */
    public void reconnect() {
        sched.submit(() -> session.closeAfterAnswers(0, () -> session.drop(
                "reconnecting with new security settings")));
    }

    /**
     * Sends a charge-point-initiated CALL that is not a transaction message (e.g. FirmwareStatusNotification):
     * queued in memory and sent in order once registered and connected; the answer is not needed.
     */
    public void sendNotification(String action, Object request) {
        Call c = Call.notification(action, request);
        sched.submit(() -> session.enqueue(c));
    }

    /**
     * Sends a charge-point-initiated CALL that is not a transaction message, queued in memory like
     * {@link #sendNotification}, with its outcome: the answer's payload, or the CALLERROR / call timeout. A call cut
     * by a disconnect is sent again after the reconnection. The callbacks run on the client thread.
     */
    public void sendCall(String action, Object request, Consumer<com.fasterxml.jackson.databind.JsonNode> onResult,
                         Consumer<RpcException> onFailure) {
        Call c = new Call(action, Call.Kind.NORMAL, OcppJson.toTree(request), onResult, onFailure);
        sched.submit(() -> session.enqueue(c));
    }

    /** Any thread. */
    public Registration registration() {
        return boot.registration();
    }

    /** True while the WebSocket to the CSMS is open (any thread). */
    public boolean connected() {
        return session.connected();
    }

    /** True when the CSMS can be asked right now. */
    public boolean online() {
        return boot.online();
    }

    /** True while transaction messages wait to be delivered. */
    public boolean busy() {
        return transactions.busy();
    }

    /** How many times a connection was opened (tests: "no new boot on a reconnect"). */
    public int connectionCount() {
        return session.connectionCount();
    }

    /** The wall time corrected by the CSMS's clock (from BootNotification and Heartbeat). */
    public long csmsNowMs() {
        return boot.csmsNowMs();
    }

    // ================================================================== the charger's calls

    /** See {@link StatusService#changed}. */
    public void statusChanged(int connectorId, StatusNotificationStatus s, ErrorCode errorCode, String info,
                              String vendorErrorCode, long wallMs) {
        status.changed(connectorId, s, errorCode, info, vendorErrorCode, wallMs);
    }

    /** See {@link StatusService#setOverlay}. */
    public void setStatusOverlay(BiFunction<Integer, StatusNotificationStatus, StatusNotificationStatus> overlay) {
        status.setOverlay(overlay);
    }

    /**
     * Asks the CSMS whether {@code idTag} may charge. {@code result} gets the idTagInfo, or null when the CSMS
     * could not be asked (offline, not accepted, no answer): the caller then applies its offline rules.
     * Called from any thread; {@code result} runs on the client thread.
     */
    public void authorize(String idTag, Consumer<IdTagInfo> result) {
        authorize.ask(idTag, result);
    }

    /**
     * A transaction started. Persisted (record + StartTransaction in the queue) before this returns.
     *
     * @return the local transaction id
     */
    public long transactionStarted(int connectorId, String idTag, long meterStartWh, long wallMs,
                                   Integer reservationId) {
        long localTx = transactions.started(connectorId, idTag, meterStartWh, wallMs, reservationId);
        metering.transactionBegan(connectorId, wallMs);
        return localTx;
    }

    /**
     * The transaction on {@code connectorId} stopped. StopTransaction (with transactionData from
     * StopTxnSampledData/StopTxnAlignedData) is persisted before this returns.
     *
     * @param meterStopWh the register in whole Wh ({@link MeterValueFactory#registerWh}); raised to the last value
     *                    reported during the transaction if it lags it, as the register only counts up
     * @param idTag the tag of the transaction, or the one presented to stop it; StopTransaction carries it only on a
     *              Local stop ({@link TransactionService})
     */
    public void transactionStopped(int connectorId, long meterStopWh, long wallMs, StopTransactionReason reason,
                                   String idTag) {
        transactions.stopped(connectorId, meterStopWh, wallMs, reason, idTag,
                metering.transactionEnded(connectorId, wallMs));
        resets.transactionStopped();
    }

    /**
     * A powermeter reading of a connector (charger thread): see {@link MeteringService}. The last meter value and
     * the MeterValues of one reading are one step of the store: one record, one fsync.
     */
    public void meterReading(int connectorId, MeterReading r) {
        store.step(() -> {
            transactions.metered(connectorId, r);
            metering.reading(connectorId, r);
        });
    }

    /** The CSMS transactionId of the transaction on a connector, or null. */
    public Integer transactionId(int connectorId) {
        return transactions.transactionId(connectorId);
    }
}
