package org.jevse.ocpp.cp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;
import org.jevse.ocpp.Clock;
import org.jevse.ocpp.TaskScheduler;
import org.jevse.ocpp.config.Configuration;
import org.jevse.ocpp.config.StandardKeys;
import org.jevse.ocpp.cp.ops.Operations;
import org.jevse.ocpp.rpc.Frame;
import org.jevse.ocpp.rpc.OcppJson;
import org.jevse.ocpp.rpc.RpcErrorCode;
import org.jevse.ocpp.rpc.RpcException;
import org.jevse.ocpp.store.AvailabilityStore;
import org.jevse.ocpp.store.TransactionStore;
import org.jevse.ocpp.transport.Backoff;
import org.jevse.ocpp.transport.Transport;
import org.jevse.ocpp.v16.AuthorizeRequest;
import org.jevse.ocpp.v16.AuthorizeResponse;
import org.jevse.ocpp.v16.AuthorizeStatus;
import org.jevse.ocpp.v16.BootNotificationRequest;
import org.jevse.ocpp.v16.BootNotificationResponse;
import org.jevse.ocpp.v16.ErrorCode;
import org.jevse.ocpp.v16.HeartbeatResponse;
import org.jevse.ocpp.v16.IdTagInfo;
import org.jevse.ocpp.v16.StartTransactionResponse;
import org.jevse.ocpp.v16.StatusNotificationRequest;
import org.jevse.ocpp.v16.StatusNotificationStatus;
import org.jevse.ocpp.v16.StopTransactionReason;

/**
 * The OCPP 1.6J charge point: registration, heartbeat, status, authorization, transactions and the
 * CSMS-initiated operations, over a {@link Transport}.
 *
 * <p>Threads: every protocol state lives on the {@link TaskScheduler}'s single thread. The charger calls the
 * {@code transaction*} and {@code meterReading} methods on its own thread; they persist synchronously (so the core
 * may consider the step done when they return) and then hand the sending to the client thread.
 *
 * <p>Rules kept here: one outstanding CALL at a time with a timeout (OCPP-J §4.1.1); nothing but BootNotification
 * before Accepted (§4.2.1), no new BootNotification on a mere reconnect; transaction messages in order, retried per
 * TransactionMessageAttempts/RetryInterval (§4.8 and §3.7.1 of the errata), never counted as failed while offline;
 * StatusNotification honours MinimumStatusDuration.
 */
public final class ChargePoint {
    private static final Logger LOG = Logger.getLogger(ChargePoint.class.getName());
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** What BootNotification says about this charge point. */
    public record Identity(String vendor, String model, String serialNumber, String firmwareVersion,
                           String meterType) {
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

    /** Which side a frame went (for {@link #addFrameTap}). */
    public enum Direction {
        SENT, RECEIVED
    }

    private enum Kind {
        BOOT, NORMAL, TX
    }

    private static final class Pending {
        final String id;
        final String action;
        final Kind kind;
        final JsonNode payload;
        final TransactionStore.Entry txEntry;
        final Consumer<JsonNode> onResult;
        final Consumer<RpcException> onFailure;
        TaskScheduler.Cancellable timeout;

        Pending(String action, Kind kind, JsonNode payload, TransactionStore.Entry txEntry,
                Consumer<JsonNode> onResult, Consumer<RpcException> onFailure) {
            this.id = UUID.randomUUID().toString();
            this.action = action;
            this.kind = kind;
            this.payload = payload;
            this.txEntry = txEntry;
            this.onResult = onResult;
            this.onFailure = onFailure;
        }
    }

    private final Identity identity;
    private final Timing timing;
    private final Configuration config;
    private final TransactionStore store;
    private final AvailabilityStore availability;
    private final Transport transport;
    private final TaskScheduler sched;
    private final Clock clock;
    private final ChargePointHost host;
    private final Backoff backoff;
    private final int connectors;
    private final Map<String, Operation<?, ?>> operations = new LinkedHashMap<>();
    private final List<BiConsumer<Direction, String>> taps = new CopyOnWriteArrayList<>();
    private final Object hostLock = new Object();
    private final InboundFrames inbound;

    // ---- client-thread state
    private Registration registration = Registration.UNKNOWN;
    private boolean connected;
    private boolean running;
    private Pending outstanding;
    private final ArrayDeque<Pending> normal = new ArrayDeque<>();
    private final Map<Integer, StatusNotificationRequest> statusReported = new HashMap<>();
    private final Map<Integer, StatusNotificationRequest> statusWanted = new HashMap<>();
    private volatile java.util.function.BiFunction<Integer, StatusNotificationStatus, StatusNotificationStatus>
            statusOverlay = (c, s) -> s;
    private final Map<Integer, StatusNotificationRequest> statusSent = new HashMap<>();
    private final Map<Integer, TaskScheduler.Cancellable> statusTimers = new HashMap<>();
    private long txNotBeforeMs;
    private TaskScheduler.Cancellable txRetryTimer;
    private TaskScheduler.Cancellable heartbeatTimer;
    private TaskScheduler.Cancellable bootTimer;
    private TaskScheduler.Cancellable reconnectTimer;
    private Closing closing;
    private boolean bootDue = true;
    private long csmsOffsetMs;
    private volatile int connectionCount;
    private volatile int connectAttempts;
    private volatile long sentCalls;

    // ---- charger-thread state (under hostLock)
    private final Map<Integer, MeterState> meters = new HashMap<>();
    /** Local ids of transactions whose tag the CSMS refused at start, with the meter value then (MaxEnergyOnInvalidId). */
    private final Map<Long, Long> refusedTransactions = new java.util.concurrent.ConcurrentHashMap<>();

    private static final class MeterState {
        long lastSampleWallMs = Long.MIN_VALUE;
        long lastAlignedSlot = Long.MIN_VALUE;
        MeterReading last;
        final List<ObjectNode> stopData = new ArrayList<>();
    }

    public ChargePoint(Identity identity, Timing timing, int connectors, Configuration config, TransactionStore store,
                       AvailabilityStore availability, Transport transport, TaskScheduler sched, Clock clock,
                       ChargePointHost host, RandomGenerator random) {
        this.identity = identity;
        this.timing = timing;
        this.connectors = connectors;
        this.config = config;
        this.store = store;
        this.availability = availability;
        this.transport = transport;
        this.sched = sched;
        this.inbound = new InboundFrames(sched);
        this.clock = clock;
        this.host = host;
        this.backoff = new Backoff(timing.reconnectMinMs(), timing.reconnectMaxMs(), timing.reconnectJitterMs(),
                random);
        for (Operation<?, ?> op : Operations.core(this)) {
            register(op);
        }
        config.addListener((key, value) -> sched.execute(() -> configChanged(key)));
    }

    /** Adds or replaces the handler of one CSMS-initiated action (e.g. smart charging, local list). */
    public void register(Operation<?, ?> op) {
        operations.put(op.action(), op);
    }

    /** Observes every frame sent and received (tests validate them against the schemas). */
    public void addFrameTap(BiConsumer<Direction, String> tap) {
        taps.add(tap);
    }

    // ================================================================== lifecycle

    /**
     * Recovers transactions cut by a power loss (queues their StopTransaction with reason PowerLoss) and starts
     * connecting. Call once.
     */
    public void start() {
        List<Long> cut = store.recoverPowerLoss();
        if (!cut.isEmpty()) {
            LOG.warning("transactions cut by a power loss, stopping them with reason PowerLoss: local ids " + cut);
        }
        sched.execute(() -> {
            running = true;
            connect();
        });
    }

    /** {@link #stop(long)} without draining: only the answer to the CALL in flight is awaited. */
    public CompletableFuture<Void> stop() {
        return stop(0);
    }

    /**
     * Closes the connection for good. For up to {@code drainMs} the transaction messages queued so far are still
     * delivered (connecting and registering if needed); a CALL in flight gets its answer or its call timeout first
     * ({@link Closing}). What is not delivered stays on disk for the next start. The future completes when the
     * connection is closed (never, if the scheduler was shut down first).
     */
    public CompletableFuture<Void> stop(long drainMs) {
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        sched.execute(() -> closeAfterAnswers(drainMs, () -> {
            running = false;
            cancel(reconnectTimer);
            cancel(heartbeatTimer);
            cancel(bootTimer);
            cancel(txRetryTimer);
            transport.close();
            connected = false;
        }).thenRun(() -> stopped.complete(null)));
        return stopped;
    }

    /**
     * A soft reset of the protocol state: once the transaction messages queued so far (the StopTransaction of a
     * reset) are answered, for at most one call timeout (OCPP 1.6 errata 3.36), disconnect and start over with a
     * new BootNotification, as after a reboot. What was not answered stays queued.
     */
    public void restart() {
        sched.execute(() -> closeAfterAnswers(timing.callTimeoutMs(), () -> {
            transport.close();
            onClosed("reset");
            registration = Registration.UNKNOWN;
            bootDue = true;
            statusSent.clear();
        }));
    }

    /**
     * Drops the connection, once the CALL in flight is answered, and connects again (new credentials or security
     * profile, Security Whitepaper §7.2): not a reboot, so no BootNotification; queued messages are kept.
     */
    public void reconnect() {
        sched.execute(() -> closeAfterAnswers(0, () -> {
            transport.close();
            onClosed("reconnecting with new security settings");
        }));
    }

    /** Starts (or joins) a {@link Closing} that runs {@code action} once what was sent is answered. */
    private CompletableFuture<Void> closeAfterAnswers(long drainMs, Runnable action) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        long until = clock.monotonicMs() + Math.max(0, drainMs);
        long upTo = drainMs > 0 ? store.lastSeq() : 0;
        if (closing == null) {
            closing = new Closing(upTo, until, action, done);
        } else {
            closing.join(upTo, until, action, done);
        }
        if (drainMs > 0) {
            sched.schedule(drainMs, this::pump); // the drain ends on time even when nothing else happens
        }
        pump();
        return done;
    }

    /** True when the close may act: no CALL in flight, and nothing of its drain left to send (or no time left). */
    private boolean closingDone() {
        if (outstanding != null) {
            return false;
        }
        return !running || !closing.drains(store.head(), clock.monotonicMs());
    }

    /**
     * Sends a charge-point-initiated CALL that is not a transaction message (e.g. FirmwareStatusNotification):
     * queued in memory and sent in order once registered and connected; the answer is not needed.
     */
    public void sendNotification(String action, Object request) {
        JsonNode payload = OcppJson.toTree(request);
        sched.execute(() -> {
            normal.addLast(new Pending(action, Kind.NORMAL, payload, null, p -> { }, e -> LOG.fine(
                    action + " failed: " + e.getMessage())));
            pump();
        });
    }

    private final Map<org.jevse.ocpp.v16.RequestedMessage, Runnable> triggers =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Lets TriggerMessage send {@code message} (FirmwareManagement adds its status notifications). */
    public void addTrigger(org.jevse.ocpp.v16.RequestedMessage message, Runnable send) {
        triggers.put(message, send);
    }

    /** What sends a triggered {@code message} that a profile added, or null. */
    public Runnable trigger(org.jevse.ocpp.v16.RequestedMessage message) {
        return triggers.get(message);
    }

    /** Sends a SecurityEventNotification (Security Whitepaper §2.6); dropped if it cannot be sent now. */
    public void securityEvent(org.jevse.ocpp.v16.SecurityEventNotificationRequest event) {
        sched.execute(() -> {
            if (online()) {
                call("SecurityEventNotification", event, p -> { }, e -> { });
            }
        });
    }

    public Registration registration() {
        return registration;
    }

    public boolean connected() {
        return connected;
    }

    /** True while transaction messages wait to be delivered. */
    public boolean busy() {
        return !store.isEmpty();
    }

    public Configuration config() {
        return config;
    }

    public TransactionStore store() {
        return store;
    }

    public AvailabilityStore availability() {
        return availability;
    }

    public ChargePointHost host() {
        return host;
    }

    public int connectors() {
        return connectors;
    }

    public TaskScheduler scheduler() {
        return sched;
    }

    /** How many times a connection was opened (tests: "no new boot on a reconnect"). */
    public int connectionCount() {
        return connectionCount;
    }

    /** How many connections were attempted (opened or not). */
    public int connectAttempts() {
        return connectAttempts;
    }

    public long sentCalls() {
        return sentCalls;
    }

    /** The wall time corrected by the CSMS's clock (from BootNotification and Heartbeat). */
    public long csmsNowMs() {
        return clock.wallMs() + csmsOffsetMs;
    }

    // ================================================================== connection

    private void connect() {
        if (!running) {
            return;
        }
        reconnectTimer = null;
        connectAttempts++;
        transport.connect(new Transport.Listener() {
            @Override
            public void onOpen() {
                sched.execute(ChargePoint.this::onOpen);
            }

            @Override
            public void onText(String text) {
                inbound.hand(() -> onFrame(text));
            }

            @Override
            public void onClosed(String reason) {
                sched.execute(() -> ChargePoint.this.onClosed(reason));
            }
        });
    }

    private void onOpen() {
        if (!running) {
            transport.close();
            return;
        }
        connected = true;
        connectionCount++;
        backoff.reset();
        LOG.info("connected to the CSMS");
        if (registration != Registration.ACCEPTED) {
            if (bootTimer == null) {
                bootDue = true;
            }
        } else {
            // A reconnect is not a reboot: no BootNotification, but the CSMS may have missed status changes.
            statusSent.clear();
            resendStatuses();
            scheduleHeartbeat();
        }
        pump();
    }

    private void onClosed(String reason) {
        boolean was = connected;
        connected = false;
        cancel(heartbeatTimer);
        heartbeatTimer = null;
        if (outstanding != null) {
            Pending p = outstanding;
            outstanding = null;
            cancel(p.timeout);
            requeueAfterDisconnect(p);
        }
        if (was) {
            LOG.info("connection to the CSMS lost: " + reason);
        }
        if (running && reconnectTimer == null) {
            long delay = backoff.nextDelayMs();
            reconnectTimer = sched.schedule(delay, this::connect);
        }
        if (closing != null) {
            pump(); // nothing is in flight any more: the close may act, or wait to drain after reconnecting
        }
    }

    /** A call cut by a disconnect is not a failed attempt: it goes back to the front of its queue. */
    private void requeueAfterDisconnect(Pending p) {
        switch (p.kind) {
            case BOOT:
                bootDue = true;
                break;
            case NORMAL:
                if (!"Heartbeat".equals(p.action)) {
                    normal.addFirst(new Pending(p.action, p.kind, p.payload, null, p.onResult, p.onFailure));
                }
                break;
            case TX:
            default:
                break; // still at the head of the persistent queue
        }
    }

    // ================================================================== sending

    private void pump() {
        if (closing != null && closingDone()) {
            Closing c = closing;
            closing = null;
            c.finish();
            return;
        }
        if (!connected || outstanding != null || !running) {
            return;
        }
        if (registration != Registration.ACCEPTED) {
            if (bootDue) {
                bootDue = false;
                sendBoot();
            }
            return;
        }
        Pending next = closing == null ? normal.pollFirst() : null; // a close drains transaction messages only
        if (next != null) {
            send(next);
            return;
        }
        TransactionStore.Entry head = store.head();
        if (head == null) {
            return;
        }
        long now = clock.monotonicMs();
        if (now < txNotBeforeMs) {
            if (txRetryTimer == null) {
                txRetryTimer = sched.schedule(txNotBeforeMs - now, () -> {
                    txRetryTimer = null;
                    pump();
                });
            }
            return;
        }
        ObjectNode payload = store.payloadToSend(head);
        if (payload == null) {
            LOG.warning(head.action() + " of local transaction " + head.localTx()
                    + " has no transactionId (its StartTransaction was discarded): dropped");
            store.discard(head);
            pump();
            return;
        }
        send(new Pending(head.action(), Kind.TX, payload, head, r -> txAnswered(head, r), e -> txFailed(head, e)));
    }

    private void send(Pending p) {
        String text = Frame.encode(new Frame.Call(p.id, p.action, p.payload));
        outstanding = p;
        for (BiConsumer<Direction, String> t : taps) {
            t.accept(Direction.SENT, text);
        }
        if (!transport.send(text)) {
            outstanding = null;
            requeueAfterDisconnect(p);
            return;
        }
        sentCalls++;
        p.timeout = sched.schedule(timing.callTimeoutMs(), () -> {
            if (outstanding == p) {
                outstanding = null;
                p.onFailure.accept(new RpcException(RpcErrorCode.GenericError, "no answer within "
                        + timing.callTimeoutMs() + " ms"));
                pump();
            }
        });
        scheduleHeartbeat();
    }

    /** Queues a non-transaction CALL; dropped with a failure if it cannot be sent now and is not worth keeping. */
    private void call(String action, Object request, Consumer<JsonNode> onResult, Consumer<RpcException> onFailure) {
        normal.addLast(new Pending(action, Kind.NORMAL, OcppJson.toTree(request), null, onResult, onFailure));
        pump();
    }

    // ================================================================== receiving

    private void onFrame(String text) {
        for (BiConsumer<Direction, String> t : taps) {
            t.accept(Direction.RECEIVED, text);
        }
        Frame f;
        try {
            f = Frame.decode(text);
        } catch (Frame.Malformed m) {
            if (m.id() != null) {
                reply(new Frame.CallError(m.id(), m.code(), m.getMessage(), F.objectNode()));
            } else {
                LOG.fine(() -> "ignored an unreadable frame: " + m.getMessage());
            }
            return;
        }
        if (f instanceof Frame.Call c) {
            onCall(c);
        } else if (f instanceof Frame.CallResult r) {
            Pending p = outstanding;
            if (p == null || !p.id.equals(r.id())) {
                LOG.fine(() -> "ignored a CALLRESULT for unknown id " + r.id());
                return;
            }
            outstanding = null;
            cancel(p.timeout);
            try {
                p.onResult.accept(r.payload());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "handling the answer to " + p.action + " failed", e);
            }
            pump();
        } else if (f instanceof Frame.CallError e) {
            Pending p = outstanding;
            if (p == null || !p.id.equals(e.id())) {
                return;
            }
            outstanding = null;
            cancel(p.timeout);
            p.onFailure.accept(new RpcException(e.code(), e.description()));
            pump();
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void onCall(Frame.Call c) {
        if (registration == Registration.REJECTED) {
            // OCPP 1.6 §4.2.1: while Rejected the charge point does not answer the CSMS.
            return;
        }
        Operation op = operations.get(c.action());
        if (op == null) {
            reply(new Frame.CallError(c.id(), Operations.isKnownAction(c.action()) ? RpcErrorCode.NotSupported
                    : RpcErrorCode.NotImplemented, "action " + abbreviate(c.action()) + " not supported", F.objectNode()));
            return;
        }
        Object request;
        CompletableFuture<?> answer;
        try {
            request = OcppJson.parse(c.payload(), op.requestType());
            answer = op.answer(request).toCompletableFuture();
        } catch (RpcException | RuntimeException e) {
            answered(c, op, null, null, e);
            return;
        }
        if (answer.isDone()) {
            answer.whenComplete((response, failure) -> answered(c, op, request, response, failure));
            return;
        }
        // An answer that comes later goes out on the client thread, and only on the connection the CALL came on.
        int connection = connectionCount;
        answer.whenComplete((response, failure) -> sched.execute(() -> {
            if (connected && connectionCount == connection) {
                answered(c, op, request, response, failure);
            } else {
                LOG.info(c.action() + " " + c.id() + " answered after its connection closed; not sent");
            }
        }));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void answered(Frame.Call c, Operation op, Object request, Object response, Throwable failure) {
        Throwable f = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (f instanceof RpcException e) {
            reply(new Frame.CallError(c.id(), e.code(), e.description(), F.objectNode()));
            return;
        }
        if (f != null) {
            LOG.log(Level.WARNING, "handling " + c.action() + " failed", f);
            reply(new Frame.CallError(c.id(), RpcErrorCode.InternalError, "internal error", F.objectNode()));
            return;
        }
        reply(new Frame.CallResult(c.id(), OcppJson.toTree(response)));
        try {
            op.afterAnswer(request, response);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "after " + c.action() + " failed", e);
        }
    }

    private void reply(Frame f) {
        String text = Frame.encode(f);
        for (BiConsumer<Direction, String> t : taps) {
            t.accept(Direction.SENT, text);
        }
        transport.send(text);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    // ================================================================== registration and heartbeat

    private void sendBoot() {
        BootNotificationRequest req = new BootNotificationRequest(identity.vendor(), identity.model(),
                identity.serialNumber(), null, identity.firmwareVersion(), null, null, identity.meterType(), null);
        send(new Pending("BootNotification", Kind.BOOT, OcppJson.toTree(req), null, this::bootAnswered, e -> {
            LOG.warning("BootNotification failed: " + e.code() + " " + e.getMessage());
            retryBootIn(timing.bootRetryMs());
        }));
    }

    private void bootAnswered(JsonNode payload) {
        BootNotificationResponse r;
        try {
            r = OcppJson.parse(payload, BootNotificationResponse.class);
        } catch (RpcException e) {
            LOG.warning("invalid BootNotification answer: " + e.getMessage());
            retryBootIn(timing.bootRetryMs());
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
                resendStatuses();
                scheduleHeartbeat();
                break;
            case Pending:
                registration = Registration.PENDING;
                host.registrationChanged(registration);
                retryBootIn(r.interval() > 0 ? r.interval() * 1000L : timing.bootRetryMs());
                break;
            case Rejected:
            default:
                registration = Registration.REJECTED;
                host.registrationChanged(registration);
                retryBootIn(r.interval() > 0 ? r.interval() * 1000L : timing.bootRetryMs());
                break;
        }
    }

    private void retryBootIn(long ms) {
        cancel(bootTimer);
        bootTimer = sched.schedule(ms, () -> {
            bootTimer = null;
            bootDue = true;
            pump();
        });
    }

    private int heartbeatIntervalS = -1;

    private int heartbeatIntervalS() {
        return heartbeatIntervalS > 0 ? heartbeatIntervalS : config.getInt(StandardKeys.HEARTBEAT_INTERVAL);
    }

    private void scheduleHeartbeat() {
        cancel(heartbeatTimer);
        heartbeatTimer = null;
        int s = heartbeatIntervalS();
        if (!connected || registration != Registration.ACCEPTED || s <= 0) {
            return;
        }
        heartbeatTimer = sched.schedule(s * 1000L, () -> {
            heartbeatTimer = null;
            heartbeat();
        });
    }

    /** Sends a Heartbeat now (also for TriggerMessage). */
    public void heartbeat() {
        sched.execute(() -> call("Heartbeat", new org.jevse.ocpp.v16.HeartbeatRequest(), p -> {
            try {
                timeFromCsms(OcppJson.parse(p, HeartbeatResponse.class).currentTime());
            } catch (RpcException e) {
                LOG.fine("invalid Heartbeat answer: " + e.getMessage());
            }
        }, e -> { }));
    }

    private void timeFromCsms(String currentTime) {
        try {
            long csms = OffsetDateTime.parse(currentTime).toInstant().toEpochMilli();
            csmsOffsetMs = csms - clock.wallMs();
            host.csmsTime(csms);
        } catch (RuntimeException e) {
            LOG.fine("unreadable currentTime " + currentTime);
        }
    }

    /**
     * TriggerMessage BootNotification before the CSMS accepted the charge point: the next BootNotification goes
     * out now instead of after the interval. Once accepted a trigger is refused (OCPP 1.6 errata 3.35), so a
     * BootNotification never competes with a running registration.
     */
    public void triggerBoot() {
        sched.execute(() -> {
            if (registration == Registration.ACCEPTED || (outstanding != null && outstanding.kind == Kind.BOOT)) {
                return;
            }
            cancel(bootTimer);
            bootTimer = null;
            bootDue = true;
            pump();
        });
    }

    private void configChanged(String key) {
        if (StandardKeys.HEARTBEAT_INTERVAL.equals(key)) {
            heartbeatIntervalS = -1;
            scheduleHeartbeat();
        }
    }

    // ================================================================== status

    /**
     * The charger's status of a connector (0 = the charge point) changed. Sent when it has lasted
     * MinimumStatusDuration seconds; a status that reverts within that time is not sent.
     */
    public void statusChanged(int connectorId, StatusNotificationStatus status, ErrorCode errorCode, String info,
                              String vendorErrorCode, long wallMs) {
        StatusNotificationRequest reported = new StatusNotificationRequest(connectorId, errorCode, cut(info, 50),
                status, MeterValueFactory.timestamp(wallMs), null, cut(vendorErrorCode, 50));
        sched.execute(() -> {
            statusReported.put(connectorId, reported);
            applyStatus(connectorId);
        });
    }

    /**
     * Shows a status other than the charger's (e.g. Reserved over Available): {@code overlay} maps a connector and
     * the charger's status to the status to report. Re-applied by {@link #refreshStatus()}.
     */
    public void setStatusOverlay(java.util.function.BiFunction<Integer, StatusNotificationStatus,
            StatusNotificationStatus> overlay) {
        this.statusOverlay = overlay;
        refreshStatus();
    }

    /** Re-applies the status overlay to every connector (after a reservation was made or ended). */
    public void refreshStatus() {
        sched.execute(() -> {
            for (Integer c : new ArrayList<>(statusReported.keySet())) {
                StatusNotificationRequest want = statusWanted.get(c);
                StatusNotificationRequest raw = statusReported.get(c);
                if (want == null || want.status() != statusOverlay.apply(c, raw.status())) {
                    applyStatus(c);
                }
            }
        });
    }

    /**
     * The charger's own status of a connector (before any overlay), or null if none was reported yet. Client
     * thread only (operations run there).
     */
    public StatusNotificationStatus reportedStatus(int connectorId) {
        StatusNotificationRequest r = statusReported.get(connectorId);
        return r == null ? null : r.status();
    }

    private void applyStatus(int connectorId) {
        StatusNotificationRequest raw = statusReported.get(connectorId);
        StatusNotificationStatus shown = statusOverlay.apply(connectorId, raw.status());
        StatusNotificationRequest req = shown == raw.status() ? raw : new StatusNotificationRequest(connectorId,
                raw.errorCode(), raw.info(), shown, MeterValueFactory.timestamp(clock.wallMs()),
                raw.vendorId(), raw.vendorErrorCode());
        statusWanted.put(connectorId, req);
        cancel(statusTimers.remove(connectorId));
        long min = config.getInt(StandardKeys.MINIMUM_STATUS_DURATION) * 1000L;
        if (min <= 0) {
            flushStatus(connectorId);
        } else {
            statusTimers.put(connectorId, sched.schedule(min, () -> {
                statusTimers.remove(connectorId);
                flushStatus(connectorId);
            }));
        }
    }

    private void flushStatus(int connectorId) {
        StatusNotificationRequest want = statusWanted.get(connectorId);
        StatusNotificationRequest sent = statusSent.get(connectorId);
        if (want == null || (sent != null && sent.status() == want.status() && sent.errorCode() == want.errorCode()
                && java.util.Objects.equals(sent.info(), want.info()))) {
            return;
        }
        if (registration != Registration.ACCEPTED || !connected) {
            return; // sent on acceptance / reconnect
        }
        sendStatus(want);
    }

    private void sendStatus(StatusNotificationRequest req) {
        // Only the latest status per connector waits in the queue.
        normal.removeIf(p -> "StatusNotification".equals(p.action) && p.payload.path("connectorId").asInt()
                == req.connectorId());
        statusSent.put(req.connectorId(), req);
        call("StatusNotification", req, p -> { }, e -> statusSent.remove(req.connectorId()));
    }

    private void resendStatuses() {
        for (int c = 0; c <= connectors; c++) {
            StatusNotificationRequest want = statusWanted.get(c);
            if (want != null && statusTimers.get(c) == null) {
                StatusNotificationRequest sent = statusSent.get(c);
                if (sent == null || sent.status() != want.status() || sent.errorCode() != want.errorCode()) {
                    sendStatus(want);
                }
            }
        }
    }

    /** TriggerMessage StatusNotification: the current status of a connector (all when null), sent again. */
    public void triggerStatus(Integer connectorId) {
        sched.execute(() -> {
            for (int c = 0; c <= connectors; c++) {
                if (connectorId == null || connectorId == c) {
                    StatusNotificationRequest want = statusWanted.get(c);
                    if (want != null) {
                        sendStatus(want);
                    }
                }
            }
        });
    }

    private static String cut(String s, int n) {
        return s == null || s.length() <= n ? s : s.substring(0, n);
    }

    // ================================================================== authorization

    /**
     * Asks the CSMS whether {@code idTag} may charge. {@code result} gets the idTagInfo, or null when the CSMS
     * could not be asked (offline, not accepted, no answer): the caller then applies its offline rules.
     * Called from any thread; {@code result} runs on the client thread.
     */
    public void authorize(String idTag, Consumer<IdTagInfo> result) {
        AuthorizeRequest req;
        try {
            req = new AuthorizeRequest(idTag);
        } catch (IllegalArgumentException e) {
            result.accept(new IdTagInfo(null, null, AuthorizeStatus.Invalid));
            return;
        }
        sched.execute(() -> {
            if (!connected || registration != Registration.ACCEPTED) {
                result.accept(null);
                return;
            }
            call("Authorize", req, p -> {
                try {
                    result.accept(OcppJson.parse(p, AuthorizeResponse.class).idTagInfo());
                } catch (RpcException e) {
                    result.accept(null);
                }
            }, e -> result.accept(null));
        });
    }

    /** True when the CSMS can be asked right now. */
    public boolean online() {
        return connected && registration == Registration.ACCEPTED;
    }

    // ================================================================== transactions (charger thread)

    /**
     * A transaction started. Persisted (record + StartTransaction in the queue) before this returns.
     *
     * @return the local transaction id
     */
    public long transactionStarted(int connectorId, String idTag, long meterStartWh, long wallMs,
                                   Integer reservationId) {
        ObjectNode p = F.objectNode();
        p.put("connectorId", connectorId);
        p.put("idTag", cut(idTag, 20));
        p.put("meterStart", meterStartWh);
        if (reservationId != null) {
            p.put("reservationId", reservationId);
        }
        p.put("timestamp", MeterValueFactory.timestamp(wallMs));
        long localTx;
        synchronized (hostLock) {
            localTx = store.start(connectorId, p);
            MeterState m = meters.computeIfAbsent(connectorId, k -> new MeterState());
            m.stopData.clear();
            m.lastSampleWallMs = wallMs;
            if (m.last != null) {
                addStopData(m, m.last, wallMs, "Transaction.Begin");
            }
        }
        sched.execute(this::pump);
        return localTx;
    }

    /**
     * The transaction on {@code connectorId} stopped. StopTransaction (with transactionData from
     * StopTxnSampledData/StopTxnAlignedData) is persisted before this returns.
     *
     * @param meterStopWh the register in whole Wh ({@link MeterValueFactory#registerWh}); raised to the last value
     *                    reported during the transaction if it lags it, as the register only counts up
     */
    public void transactionStopped(int connectorId, long meterStopWh, long wallMs, StopTransactionReason reason,
                                   String idTag) {
        ObjectNode p = F.objectNode();
        if (idTag != null) {
            p.put("idTag", cut(idTag, 20));
        }
        TransactionStore.Active tx = store.active(connectorId);
        p.put("meterStop", tx == null ? meterStopWh : Math.max(meterStopWh, tx.lastMeterWh()));
        p.put("timestamp", MeterValueFactory.timestamp(wallMs));
        if (reason != null) {
            p.put("reason", reason.name());
        }
        synchronized (hostLock) {
            MeterState m = meters.computeIfAbsent(connectorId, k -> new MeterState());
            if (m.last != null) {
                addStopData(m, m.last, wallMs, "Transaction.End");
            }
            if (!m.stopData.isEmpty()) {
                ArrayNode data = F.arrayNode();
                m.stopData.forEach(data::add);
                p.set("transactionData", data);
            }
            m.stopData.clear();
            store.stop(connectorId, p);
        }
        sched.execute(() -> {
            if (!availability.operative(connectorId) || !availability.operative(0)) {
                host.setAvailability(connectorId, false); // a Scheduled change takes effect now
            }
            pump();
        });
    }

    private void addStopData(MeterState m, MeterReading r, long atWallMs, String context) {
        List<String> measurands = config.getList(StandardKeys.STOP_TXN_SAMPLED_DATA);
        if (measurands.isEmpty()) {
            return;
        }
        ObjectNode mv = MeterValueFactory.meterValue(r, atWallMs, measurands, context);
        if (mv != null) {
            if (m.stopData.size() >= 200) {
                m.stopData.remove(1); // keep the begin and the most recent values
            }
            m.stopData.add(mv);
        }
    }

    /**
     * A powermeter reading of a connector. Sends MeterValues when MeterValueSampleInterval has passed since the
     * last sample (sampled data, only during a transaction) and when a ClockAlignedDataInterval boundary was
     * crossed (aligned data). Times are the charger's, so this works on virtual time too. The last meter value
     * and the MeterValues of one reading are one step of the store: one record, one fsync.
     */
    public void meterReading(int connectorId, MeterReading r) {
        synchronized (hostLock) { // the host lock before the store's, as in every other path
            store.step(() -> meterReadingStep(connectorId, r));
        }
    }

    private void meterReadingStep(int connectorId, MeterReading r) {
        boolean queued = false;
        synchronized (hostLock) {
            MeterState m = meters.computeIfAbsent(connectorId, k -> new MeterState());
            m.last = r;
            TransactionStore.Active tx = store.active(connectorId);
            if (tx != null) {
                store.lastMeter(connectorId, MeterValueFactory.registerWh(r.energyWh()),
                        MeterValueFactory.timestamp(r.wallMs()));
                Long refusedAt = refusedTransactions.get(tx.localTx());
                int maxWh = config.getInt(StandardKeys.MAX_ENERGY_ON_INVALID_ID);
                if (refusedAt != null && maxWh > 0 && r.energyWh() - refusedAt >= maxWh) {
                    refusedTransactions.remove(tx.localTx());
                    sched.execute(() -> host.deauthorize(connectorId));
                }
            }
            int interval = config.getInt(StandardKeys.METER_VALUE_SAMPLE_INTERVAL);
            if (tx != null && interval > 0 && r.wallMs() - m.lastSampleWallMs >= interval * 1000L) {
                m.lastSampleWallMs = r.wallMs();
                ObjectNode mv = MeterValueFactory.meterValue(r, r.wallMs(),
                        config.getList(StandardKeys.METER_VALUES_SAMPLED_DATA), "Sample.Periodic");
                if (mv != null) {
                    store.meterValues(tx.localTx(), meterValues(connectorId, mv), true);
                    queued = true;
                }
                addStopData(m, r, r.wallMs(), "Sample.Periodic");
            }
            int aligned = config.getInt(StandardKeys.CLOCK_ALIGNED_DATA_INTERVAL);
            if (aligned > 0) {
                long slot = Math.floorDiv(r.wallMs(), aligned * 1000L);
                if (m.lastAlignedSlot != Long.MIN_VALUE && slot != m.lastAlignedSlot) {
                    long at = slot * aligned * 1000L;
                    ObjectNode mv = MeterValueFactory.meterValue(r, at,
                            config.getList(StandardKeys.METER_VALUES_ALIGNED_DATA), "Sample.Clock");
                    if (mv != null) {
                        if (tx != null) {
                            store.meterValues(tx.localTx(), meterValues(connectorId, mv), false);
                            queued = true;
                        } else {
                            ObjectNode p = meterValues(connectorId, mv);
                            sched.execute(() -> {
                                if (online()) {
                                    normal.addLast(new Pending("MeterValues", Kind.NORMAL, p, null, x -> { }, e -> { }));
                                    pump();
                                }
                            });
                        }
                    }
                    List<String> stopAligned = config.getList(StandardKeys.STOP_TXN_ALIGNED_DATA);
                    if (tx != null && !stopAligned.isEmpty()) {
                        ObjectNode sv = MeterValueFactory.meterValue(r, at, stopAligned, "Sample.Clock");
                        if (sv != null) {
                            m.stopData.add(sv);
                        }
                    }
                }
                m.lastAlignedSlot = slot;
            }
        }
        if (queued) {
            sched.execute(this::pump);
        }
    }

    /** TriggerMessage MeterValues: the latest reading of a connector, sent now (not queued persistently). */
    public void triggerMeterValues(int connectorId) {
        MeterReading r = host.meterNow(connectorId);
        if (r == null) {
            synchronized (hostLock) {
                MeterState m = meters.get(connectorId);
                r = m == null ? null : m.last;
            }
        }
        if (r == null) {
            return;
        }
        ObjectNode mv = MeterValueFactory.meterValue(r, clock.wallMs(),
                config.getList(StandardKeys.METER_VALUES_SAMPLED_DATA), "Trigger");
        if (mv == null) {
            return;
        }
        ObjectNode p = meterValues(connectorId, mv);
        TransactionStore.Active tx = store.active(connectorId);
        sched.execute(() -> {
            if (tx != null) {
                Integer id = store.csmsTransactionId(tx.localTx());
                if (id != null) {
                    p.put("transactionId", id);
                }
            }
            normal.addLast(new Pending("MeterValues", Kind.NORMAL, p, null, x -> { }, e -> { }));
            pump();
        });
    }

    private static ObjectNode meterValues(int connectorId, ObjectNode meterValue) {
        ObjectNode p = F.objectNode();
        p.put("connectorId", connectorId);
        p.set("meterValue", F.arrayNode().add(meterValue));
        return p;
    }

    // ================================================================== transaction message delivery

    private void txAnswered(TransactionStore.Entry e, JsonNode payload) {
        txNotBeforeMs = 0;
        switch (e.kind()) {
            case START: {
                StartTransactionResponse r;
                try {
                    r = OcppJson.parse(payload, StartTransactionResponse.class);
                } catch (RpcException ex) {
                    txFailed(e, ex);
                    return;
                }
                store.startConfirmed(e, r.transactionId());
                idTagInfoListener.accept(e.payload().path("idTag").asText(), r.idTagInfo());
                if (r.idTagInfo().status() != AuthorizeStatus.Accepted) {
                    TransactionStore.Active a = activeByLocal(e.localTx());
                    if (a != null && config.getBool(StandardKeys.STOP_TRANSACTION_ON_INVALID_ID)) {
                        host.deauthorize(a.connectorId());
                    } else if (a != null) {
                        refusedTransactions.put(e.localTx(), a.lastMeterWh());
                    }
                }
                break;
            }
            case STOP:
            case METER:
            default:
                store.confirmed(e);
                break;
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

    private void txFailed(TransactionStore.Entry e, RpcException ex) {
        int attempts = store.failed(e);
        int max = config.getInt(StandardKeys.TRANSACTION_MESSAGE_ATTEMPTS);
        LOG.warning(e.action() + " attempt " + attempts + "/" + max + " failed: " + ex.code() + " " + ex.getMessage());
        if (attempts >= max) {
            store.discard(e);
            txNotBeforeMs = 0;
        } else {
            txNotBeforeMs = clock.monotonicMs()
                    + (long) config.getInt(StandardKeys.TRANSACTION_MESSAGE_RETRY_INTERVAL) * 1000L * attempts;
        }
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

    private volatile java.util.function.BooleanSupplier cacheClearer;
    private volatile BiConsumer<String, IdTagInfo> idTagInfoListener = (tag, info) -> { };

    /** Receives every IdTagInfo from StartTransaction.conf (the authorization cache is updated from it). */
    public void setIdTagInfoListener(BiConsumer<String, IdTagInfo> listener) {
        this.idTagInfoListener = listener;
    }

    /** Installs the authorization cache's clear operation (ClearCache answers Rejected without one). */
    public void setAuthorizationCacheClearer(java.util.function.BooleanSupplier clearer) {
        this.cacheClearer = clearer;
    }

    /** ClearCache: true if a cache exists and was cleared. */
    public boolean clearAuthorizationCache() {
        java.util.function.BooleanSupplier c = cacheClearer;
        return c != null && c.getAsBoolean();
    }

    /** For tests: runs {@code r} on the client thread after everything handed in so far. */
    public void onClientThread(Runnable r) {
        sched.execute(r);
    }

    private static void cancel(TaskScheduler.Cancellable c) {
        if (c != null) {
            c.cancel();
        }
    }
}
