package org.jevse.energy.lc;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.java_websocket.WebSocket;
import org.java_websocket.framing.CloseFrame;
import org.jevse.energy.manager.OcppServerSection.ServerChargingCall;
import org.jevse.energy.wire.LeafAllocation;
import org.jevse.ocpp.rpc.Frame;
import org.jevse.ocpp.rpc.OcppJson;
import org.jevse.ocpp.rpc.RpcException;
import org.jevse.ocpp.v16.BootNotificationResponse;
import org.jevse.ocpp.v16.BootNotificationStatus;
import org.jevse.ocpp.v16.ChargingProfilePurpose;
import org.jevse.ocpp.v16.ClearChargingProfileRequest;
import org.jevse.ocpp.v16.ClearChargingProfileStatus;
import org.jevse.ocpp.v16.GetConfigurationResponse;
import org.jevse.ocpp.v16.MeterValuesRequest;
import org.jevse.ocpp.v16.SetChargingProfileRequest;
import org.jevse.ocpp.v16.SetChargingProfileStatus;
import org.jevse.ocpp.v16.StartTransactionRequest;
import org.jevse.ocpp.v16.StartTransactionResponse;
import org.jevse.ocpp.v16.StatusNotificationRequest;
import org.jevse.ocpp.v16.StopTransactionRequest;

/**
 * One connected charger, on the manager's thread only. In LC mode every frame goes on unchanged to the CSMS and
 * back, except what the LC owns: its own CALLs (ids {@value #OWN_PREFIX}n, whose answers are never forwarded) and
 * the CSMS's Set/ClearChargingProfile as server_charging_call says. In CS mode the {@link CsBackend} answers.
 * Either way the LC watches Boot, Status, MeterValues and Start/StopTransaction for the {@link OcppLeaf}.
 */
final class ChargerLink {

    static final String OWN_PREFIX = "LC-";
    /** Charger frames held while the upstream connection opens; more closes the charger's side. */
    static final int MAX_BACKLOG = 100;
    /** Calls of the charger waiting for the CSMS's answer (OCPP-J allows one at a time; bounded anyway). */
    static final int MAX_OPEN_CALLS = 16;
    /** An own CALL unanswered this long is given up (the next one may go). */
    static final long OWN_CALL_TIMEOUT_MS = 30_000;

    private record OwnCall(String id, String action, Object payload, Consumer<JsonNode> onResult) {
    }

    private static final System.Logger LOG = System.getLogger(ChargerLink.class.getName());

    final String id;
    final WebSocket conn;
    final OcppLeaf leaf;
    private final LocalController lc;
    private final Upstream upstream;
    private final Deque<String> backlog = new ArrayDeque<>();
    private final Map<String, Frame.Call> chargerCalls = new LinkedHashMap<>();
    private final Deque<OwnCall> ownQueue = new ArrayDeque<>();
    private OwnCall ownInFlight;
    private long ownSentAtMs;
    private boolean upstreamOpen;
    private boolean setUp;
    private boolean watts;
    private boolean closed;

    /** @param upstreamFactory LC mode: opens the charger's connection to the CSMS; null in CS mode */
    ChargerLink(LocalController lc, String id, WebSocket conn, OcppLeaf leaf,
                java.util.function.Function<Upstream.Listener, Upstream> upstreamFactory) {
        this.lc = lc;
        this.id = id;
        this.conn = conn;
        this.leaf = leaf;
        leaf.onConnected();
        this.upstream = upstreamFactory == null ? null : upstreamFactory.apply(new Upstream.Listener() {
            @Override
            public void upstreamOpened() {
                lc.execute(ChargerLink.this::onUpstreamOpened);
            }

            @Override
            public void upstreamMessage(String text) {
                lc.execute(() -> onUpstreamText(text));
            }

            @Override
            public void upstreamClosed(int code, String reason) {
                lc.execute(() -> onUpstreamClosed(code, reason));
            }
        });
        if (upstream != null) {
            upstream.connect();
        }
    }

    boolean setUp() {
        return setUp;
    }

    // --- from the charger ---------------------------------------------------------------------------------------

    void onChargerText(String text) {
        lc.tap(id, false, text);
        Frame f;
        try {
            f = Frame.decode(text);
        } catch (Frame.Malformed e) {
            LOG.log(Level.WARNING, "ocpp server: " + id + ": bad frame (" + e.getMessage() + ")");
            if (upstream != null) {
                toUpstream(text); // the CSMS answers what it makes of it
            } else if (e.id() != null) {
                send(new Frame.CallError(e.id(), e.code(), e.getMessage(), null));
            }
            return;
        }
        if (f instanceof Frame.Call call) {
            observeCall(call);
            if (upstream != null) {
                if (chargerCalls.size() >= MAX_OPEN_CALLS) {
                    chargerCalls.remove(chargerCalls.keySet().iterator().next());
                }
                chargerCalls.put(call.id(), call);
                toUpstream(text);
            } else {
                answerLocally(call);
            }
            if (!setUp && !call.action().equals("BootNotification")) {
                setUpCharger(); // already booted (a reconnect): the LC's profiles go again now
            }
        } else if (ownInFlight != null && f.id().equals(ownInFlight.id())) {
            OwnCall own = ownInFlight;
            ownInFlight = null;
            own.onResult().accept(f instanceof Frame.CallResult r ? r.payload() : null);
            sendNextOwn();
        } else if (f.id().startsWith(OWN_PREFIX)) {
            LOG.log(Level.DEBUG, "ocpp server: " + id + ": late answer to " + f.id() + " dropped");
        } else if (upstream != null) {
            toUpstream(text);
        }
    }

    private void answerLocally(Frame.Call call) {
        Frame answer;
        try {
            JsonNode result = lc.cs().answer(id, call.action(), call.payload(), Instant.ofEpochMilli(lc.wallMs()));
            answer = new Frame.CallResult(call.id(), result);
            observeAnswer(call, result);
        } catch (RpcException e) {
            answer = new Frame.CallError(call.id(), e.code(), e.description(), null);
        }
        send(answer);
        if (call.action().equals("BootNotification") && answer instanceof Frame.CallResult) {
            setUpCharger();
        }
    }

    private void observeCall(Frame.Call call) {
        try {
            switch (call.action()) {
                case "StatusNotification" -> {
                    StatusNotificationRequest r = OcppJson.parse(call.payload(), StatusNotificationRequest.class);
                    if (r.connectorId() == leaf.connector && leaf.onStatus(r.status())) {
                        lc.report(this, true);
                    }
                }
                case "MeterValues" -> {
                    MeterValuesRequest r = OcppJson.parse(call.payload(), MeterValuesRequest.class);
                    if (r.connectorId() == leaf.connector) {
                        leaf.onMeterValues(r.meterValue(), lc.monotonicMs());
                    }
                }
                case "StopTransaction" -> {
                    StopTransactionRequest r = OcppJson.parse(call.payload(), StopTransactionRequest.class);
                    if (leaf.transactionId() != null && leaf.transactionId().equals(r.transactionId())) {
                        leaf.onTransactionStopped();
                        lc.report(this, true);
                    }
                }
                default -> {
                }
            }
        } catch (RpcException e) {
            LOG.log(Level.WARNING, "ocpp server: " + id + ": " + call.action() + " not understood (" + e.getMessage()
                    + "); passed on as it is");
        }
    }

    /** The answer to a charger's CALL (from the CSMS or from CS mode): a transaction id, an accepted boot. */
    private void observeAnswer(Frame.Call call, JsonNode result) {
        try {
            if (call.action().equals("StartTransaction")) {
                StartTransactionRequest q = OcppJson.parse(call.payload(), StartTransactionRequest.class);
                StartTransactionResponse r = OcppJson.parse(result, StartTransactionResponse.class);
                if (q.connectorId() == leaf.connector) {
                    // OCPP 1.6: a TxProfile names its transaction, so none goes before StartTransaction.conf.
                    leaf.onTransactionStarted(r.transactionId());
                    lc.report(this, true);
                }
            }
        } catch (RpcException e) {
            LOG.log(Level.WARNING, "ocpp server: " + id + ": answer to " + call.action() + " not understood ("
                    + e.getMessage() + ")");
        }
    }

    // --- the upstream CSMS (LC mode) ----------------------------------------------------------------------------

    private void toUpstream(String text) {
        if (upstreamOpen) {
            upstream.send(text);
        } else if (backlog.size() < MAX_BACKLOG) {
            backlog.add(text);
        } else {
            close(CloseFrame.TRY_AGAIN_LATER, "upstream CSMS not reachable");
        }
    }

    void onUpstreamOpened() {
        if (closed) {
            upstream.close();
            return;
        }
        upstreamOpen = true;
        while (!backlog.isEmpty() && !closed) {
            upstream.send(backlog.poll());
        }
    }

    /**
     * The CSMS is gone: the charger's side is closed too, so the charger keeps its own messages (its offline
     * queue) and falls back to its fail-safe when the grant's schedule ends (docs/local-controller.md).
     */
    void onUpstreamClosed(int code, String reason) {
        upstreamOpen = false;
        if (closed) {
            return;
        }
        LOG.log(Level.WARNING, "ocpp server: " + id + ": upstream CSMS closed (" + code + " " + reason
                + "); closing the charger's side too");
        close(CloseFrame.TRY_AGAIN_LATER, "upstream CSMS closed (" + code + ")");
    }

    void onUpstreamText(String text) {
        if (closed) {
            return;
        }
        Frame f;
        try {
            f = Frame.decode(text);
        } catch (Frame.Malformed e) {
            send(text);
            return;
        }
        if (f instanceof Frame.Call call && (call.action().equals("SetChargingProfile")
                || call.action().equals("ClearChargingProfile"))) {
            csmsProfileCall(call, text);
            return;
        }
        if (!(f instanceof Frame.Call)) {
            Frame.Call asked = chargerCalls.remove(f.id());
            if (asked != null && f instanceof Frame.CallResult r) {
                observeAnswer(asked, r.payload());
                if (asked.action().equals("BootNotification")) {
                    try {
                        if (OcppJson.parse(r.payload(), BootNotificationResponse.class).status()
                                == BootNotificationStatus.Accepted) {
                            send(text);
                            setUpCharger();
                            return;
                        }
                    } catch (RpcException e) {
                        // passed on as it is
                    }
                }
            }
        }
        send(text);
    }

    /** server_charging_call: what the LC owns of the CSMS's smart charging (docs/local-controller.md). */
    private void csmsProfileCall(Frame.Call call, String text) {
        ServerChargingCall mode = lc.cfg().serverChargingCall();
        boolean set = call.action().equals("SetChargingProfile");
        if (mode == ServerChargingCall.Forward) {
            try {
                if (set) {
                    SetChargingProfileRequest r = OcppJson.parse(call.payload(), SetChargingProfileRequest.class);
                    if (r.csChargingProfiles().chargingProfilePurpose() == ChargingProfilePurpose.ChargePointMaxProfile) {
                        send(text); // composite = min(CPMax, Tx): it can only lower what the LC grants
                        return;
                    }
                    leaf.csmsCap(Profiles.limitMa(r.csChargingProfiles()));
                } else {
                    ClearChargingProfileRequest r = OcppJson.parse(call.payload(), ClearChargingProfileRequest.class);
                    if (r.chargingProfilePurpose() == ChargingProfilePurpose.ChargePointMaxProfile) {
                        send(text);
                        return;
                    }
                    leaf.csmsCap(Integer.MAX_VALUE);
                }
                lc.report(this, true);
            } catch (RpcException e) {
                toUpstreamNow(new Frame.CallError(call.id(), e.code(), e.description(), null));
                return;
            }
        }
        boolean accept = mode != ServerChargingCall.Rejected;
        JsonNode result = OcppJson.mapper().createObjectNode().put("status", set
                ? (accept ? SetChargingProfileStatus.Accepted : SetChargingProfileStatus.Rejected).toString()
                : (accept ? ClearChargingProfileStatus.Accepted : ClearChargingProfileStatus.Unknown).toString());
        toUpstreamNow(new Frame.CallResult(call.id(), result));
    }

    private void toUpstreamNow(Frame f) {
        toUpstream(Frame.encode(f));
    }

    // --- the LC's own calls -------------------------------------------------------------------------------------

    /**
     * After a boot or a reconnect: install the fail-safe, clear other TxDefaultProfiles (once in this LC's life, then
     * the fail-safe again), probe the capabilities. The fail-safe goes first: a clear not followed by it (the
     * connection lost in between, as when the CSMS is unreachable) left the charger with no limit at all once its
     * grant's schedule ended. Later a SetChargingProfile of the same id and stack level replaces it (OCPP 1.6 §3.13.2).
     */
    private void setUpCharger() {
        setUp = true;
        Object failSafe = Profiles.failSafe(lc.failsafeMa(), watts);
        Consumer<JsonNode> failSafeAnswer = r -> {
            if (r == null || !"Accepted".equals(r.path("status").asText())) {
                LOG.log(Level.WARNING, "ocpp server: " + id + ": the fail-safe TxDefaultProfile was not accepted ("
                        + (r == null ? "error" : r.path("status").asText()) + ")");
            }
        };
        own("SetChargingProfile", failSafe, failSafeAnswer);
        if (leaf.firstSetUp()) {
            own("ClearChargingProfile", Profiles.clearDefaults(), r -> { });
            own("SetChargingProfile", failSafe, failSafeAnswer);
        }
        own("GetConfiguration", Profiles.probe(), r -> {
            if (r == null) {
                return;
            }
            try {
                GetConfigurationResponse g = OcppJson.parse(r, GetConfigurationResponse.class);
                if (g.configurationKey() != null) {
                    g.configurationKey().stream()
                            .filter(k -> k.key().equals("ChargingScheduleAllowedChargingRateUnit") && k.value() != null)
                            .findFirst()
                            .ifPresent(k -> watts = !k.value().contains("Current") && k.value().contains("Power"));
                }
            } catch (RpcException e) {
                LOG.log(Level.WARNING, "ocpp server: " + id + ": GetConfiguration answer not understood");
            }
        });
        lc.report(this, true);
    }

    /** A grant from the dispatcher. */
    void onGrant(LeafAllocation g) {
        sendProfile(leaf.onGrant(g, lc.monotonicMs()));
    }

    private void sendProfile(OcppLeaf.Profile p) {
        if (p == null || closed) {
            return;
        }
        own("SetChargingProfile", Profiles.grant(leaf.connector, p, watts, lc.cfg().validForS(),
                Instant.ofEpochMilli(lc.wallMs())), r -> {
                    boolean ok = r != null && "Accepted".equals(r.path("status").asText());
                    if (!ok) {
                        LOG.log(Level.WARNING, "ocpp server: " + id + ": TxProfile of " + p.currentMa() + " mA not accepted ("
                                + (r == null ? "error" : r.path("status").asText()) + ")");
                    }
                    OcppLeaf.Profile next = leaf.onProfileAnswer(p.seq(), ok, lc.monotonicMs());
                    lc.report(this, true);
                    sendProfile(next);
                });
    }

    private void own(String action, Object payload, Consumer<JsonNode> onResult) {
        ownQueue.add(new OwnCall(OWN_PREFIX + lc.nextOwnId(), action, payload, onResult));
        if (ownInFlight == null) {
            sendNextOwn();
        }
    }

    private void sendNextOwn() {
        if (closed || ownQueue.isEmpty()) {
            return;
        }
        ownInFlight = ownQueue.poll();
        ownSentAtMs = lc.monotonicMs();
        send(new Frame.Call(ownInFlight.id(), ownInFlight.action(), OcppJson.toTree(ownInFlight.payload())));
    }

    /** Periodic: an own call that was never answered is given up. */
    void tick(long nowMs) {
        if (ownInFlight != null && nowMs - ownSentAtMs > OWN_CALL_TIMEOUT_MS) {
            OwnCall own = ownInFlight;
            ownInFlight = null;
            LOG.log(Level.WARNING, "ocpp server: " + id + ": no answer to " + own.action() + " " + own.id());
            own.onResult().accept(null);
            sendNextOwn();
        }
    }

    // --- plumbing -----------------------------------------------------------------------------------------------

    private void send(Frame f) {
        send(Frame.encode(f));
    }

    private void send(String text) {
        if (!closed && conn.isOpen()) {
            lc.tap(id, true, text);
            conn.send(text);
        }
    }

    void close(int code, String reason) {
        if (!closed) {
            closed = true;
            conn.close(code, reason);
        }
        onClosed();
    }

    /** The charger's side closed: the upstream goes too, own calls are dropped. */
    void onClosed() {
        closed = true;
        ownQueue.clear();
        ownInFlight = null;
        if (upstream != null) {
            upstream.close();
        }
    }

    boolean closed() {
        return closed;
    }

}
