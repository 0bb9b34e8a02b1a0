package org.jevse.energy.lc;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.function.Consumer;
import org.java_websocket.WebSocket;
import org.jevse.energy.manager.OcppServerSection.ServerChargingCall;
import org.jevse.energy.wire.LeafAllocation;
import org.jevse.ocpp.rpc.Frame;
import org.jevse.ocpp.rpc.OcppJson;
import org.jevse.ocpp.rpc.RpcException;
import org.jevse.ocpp.v16.ChangeConfigurationRequest;
import org.jevse.ocpp.v16.GetConfigurationResponse;

/**
 * One connected charger, on the manager's thread only, in three stages: the frames go on to the CSMS and back
 * ({@link Relay}, LC mode) or are answered by the {@link CsBackend} (CS mode); what they say about the connectors
 * becomes the state of their leaves ({@link ChargerObserver}); and the LC's own CALLs ({@link OwnCalls}) set the
 * charger up after every boot or reconnect and carry the grants as TxProfiles.
 */
final class ChargerLink implements Relay.ChargerSide, OwnCalls.Out {

    private static final System.Logger LOG = System.getLogger(ChargerLink.class.getName());

    final String id;
    final WebSocket conn;
    private final Map<Integer, OcppLeaf> leaves;
    private final LocalController lc;
    private final ChargerObserver observer;
    private final OwnCalls own;
    private final Relay relay;
    private boolean setUp;
    private boolean watts;
    /** phase_switching, unless the charger said ConnectorSwitch3to1PhaseSupported false. */
    private boolean numberPhases;
    private boolean closed;

    /**
     * @param leaves          the charger's governed connectors (connector id → leaf)
     * @param phaseSwitching  phase_switching: grants carry numberPhases
     * @param upstreamFactory LC mode: opens the charger's connection to the CSMS; null in CS mode
     */
    ChargerLink(LocalController lc, String id, WebSocket conn, Map<Integer, OcppLeaf> leaves, boolean phaseSwitching,
                java.util.function.Function<Upstream.Listener, Upstream> upstreamFactory) {
        this.lc = lc;
        this.numberPhases = phaseSwitching;
        this.id = id;
        this.conn = conn;
        this.leaves = Map.copyOf(leaves);
        this.leaves.values().forEach(OcppLeaf::onConnected);
        this.observer = new ChargerObserver(id, this.leaves, leaf -> lc.report(this, leaf, true), lc::monotonicMs);
        this.own = new OwnCalls(id, this);
        this.relay = upstreamFactory == null ? null : new Relay(id, this, upstreamFactory, lc::execute);
    }

    boolean setUp() {
        return setUp;
    }

    Collection<OcppLeaf> leaves() {
        return leaves.values();
    }

    // --- from the charger ---------------------------------------------------------------------------------------

    void onChargerText(String text) {
        lc.tap(id, false, text);
        Frame f;
        try {
            f = Frame.decode(text);
        } catch (Frame.Malformed e) {
            LOG.log(Level.WARNING, "ocpp server: " + id + ": bad frame (" + e.getMessage() + ")");
            if (relay != null) {
                relay.toUpstream(text); // the CSMS answers what it makes of it
            } else if (e.id() != null) {
                send(new Frame.CallError(e.id(), e.code(), e.getMessage(), null));
            }
            return;
        }
        if (f instanceof Frame.Call call) {
            observer.onCall(call);
            if (relay != null) {
                relay.chargerCall(call, text);
            } else {
                answerLocally(call);
            }
            if (!setUp && !call.action().equals("BootNotification")) {
                setUpCharger(); // already booted (a reconnect): the LC's profiles go again now
            }
        } else if (!own.onAnswer(f) && relay != null) {
            relay.toUpstream(text);
        }
    }

    /** CS mode: the LC is the charger's CSMS. */
    private void answerLocally(Frame.Call call) {
        Frame answer;
        try {
            JsonNode result = lc.cs().answer(id, call.action(), call.payload(), Instant.ofEpochMilli(lc.wallMs()));
            answer = new Frame.CallResult(call.id(), result);
            observer.onAnswer(call, result);
        } catch (RpcException e) {
            answer = new Frame.CallError(call.id(), e.code(), e.description(), null);
        }
        send(answer);
        if (call.action().equals("BootNotification") && answer instanceof Frame.CallResult) {
            setUpCharger();
        }
    }

    // --- Relay.ChargerSide (LC mode) ----------------------------------------------------------------------------

    @Override
    public void toCharger(String text) {
        send(text);
    }

    @Override
    public void closeCharger(int code, String reason) {
        close(code, reason);
    }

    @Override
    public void answered(Frame.Call asked, JsonNode result) {
        observer.onAnswer(asked, result);
    }

    @Override
    public void bootAccepted() {
        setUpCharger();
    }

    @Override
    public void csmsCap(int connectorId, int capMa) {
        for (OcppLeaf leaf : leaves.values()) {
            if (connectorId == 0 || leaf.connector == connectorId) {
                leaf.csmsCap(capMa);
                lc.report(this, leaf, true);
            }
        }
    }

    @Override
    public ServerChargingCall serverChargingCall() {
        return lc.cfg().serverChargingCall();
    }

    // --- the LC's own calls -------------------------------------------------------------------------------------

    /**
     * After a boot or a reconnect: probe the capabilities, install the fail-safe, clear other TxDefaultProfiles (once
     * in this LC's life, then the fail-safe again). The fail-safe comes before the clear: a clear not followed by it (the
     * connection lost in between, as when the CSMS is unreachable) left the charger with no limit at all once its
     * grant's schedule ended. Later a SetChargingProfile of the same id and stack level replaces it (OCPP 1.6 §3.13.2).
     */
    private void setUpCharger() {
        setUp = true;
        Consumer<JsonNode> failSafeAnswer = r -> {
            if (r == null || !"Accepted".equals(r.path("status").asText())) {
                LOG.log(Level.WARNING, "ocpp server: " + id + ": the fail-safe TxDefaultProfile was not accepted ("
                        + (r == null ? "error" : r.path("status").asText()) + ")");
            }
        };
        // The probe first, so the fail-safe is built in the unit the charger takes (A or W); the calls go one at a
        // time and each is built when it is sent (OwnCalls).
        own.call("GetConfiguration", Profiles::probe, this::onProbe);
        own.call("SetChargingProfile", () -> Profiles.failSafe(lc.failsafeMa(), watts), failSafeAnswer);
        boolean first = false;
        for (OcppLeaf leaf : leaves.values()) {
            first |= leaf.firstSetUp();
        }
        if (first) {
            own.call("ClearChargingProfile", Profiles::clearDefaults, r -> { });
            own.call("SetChargingProfile", () -> Profiles.failSafe(lc.failsafeMa(), watts), failSafeAnswer);
        }
        leaves.values().forEach(leaf -> lc.report(this, leaf, true));
        if (relay == null && lc.cfg().provisionAuthorizationKeys() && !lc.registry().keyRequired(id)) {
            provisionKey();
        }
    }

    /**
     * CS mode, a charger without a key: the LC generates one and sends it with ChangeConfiguration (its own CALL,
     * after the profiles, as the charger reconnects when it accepts). Security Whitepaper A01: once accepted, the
     * key is required (A01.FR.03); otherwise the old credentials hold (A01.FR.04). The key is never logged
     * (A01.FR.09) and kept only as a salted hash.
     */
    private void provisionKey() {
        String key = Credentials.generateKey();
        lc.registry().provisioning(id, Credentials.secret(key));
        own.call("ChangeConfiguration", () -> new ChangeConfigurationRequest("AuthorizationKey", key), r -> {
            String status = r == null ? "error" : r.path("status").asText();
            if (!"Accepted".equals(status)) {
                lc.registry().notProvisioned(id);
                LOG.log(Level.WARNING, "ocpp server: " + id + ": AuthorizationKey not provisioned (" + status
                        + "); it connects without a key until the next try, at its next connection");
                return;
            }
            try {
                lc.registry().provisioned(id);
                LOG.log(Level.INFO, "ocpp server: " + id + ": AuthorizationKey provisioned; HTTP Basic with it is"
                        + " required from its next connection");
            } catch (java.io.IOException e) {
                LOG.log(Level.ERROR, "ocpp server: " + id + ": AuthorizationKey accepted by the charger but not stored"
                        + " in ocpp_server.data_dir (" + e.getMessage() + "); required until the LC restarts");
            }
        });
    }

    private void onProbe(JsonNode r) {
        if (r == null) {
            return;
        }
        try {
            GetConfigurationResponse g = OcppJson.parse(r, GetConfigurationResponse.class);
            if (g.configurationKey() == null) {
                return;
            }
            for (var k : g.configurationKey()) {
                if (k.value() == null) {
                    continue;
                }
                if (k.key().equals("ChargingScheduleAllowedChargingRateUnit")) {
                    watts = !k.value().contains("Current") && k.value().contains("Power");
                } else if (k.key().equals("ConnectorSwitch3to1PhaseSupported") && numberPhases
                        && k.value().trim().equalsIgnoreCase("false")) {
                    // OCPP 1.6 §9.1: the charger cannot switch: it gets only currents, on the phases it uses.
                    LOG.log(Level.WARNING, "ocpp server: " + id + ": phase_switching is set but the charger says"
                            + " ConnectorSwitch3to1PhaseSupported false; its profiles carry no numberPhases");
                    numberPhases = false;
                    leaves.values().forEach(leaf -> leaf.phaseSwitching(false));
                }
            }
        } catch (RpcException e) {
            LOG.log(Level.WARNING, "ocpp server: " + id + ": GetConfiguration answer not understood");
        }
    }

    /** A grant from the dispatcher for one of this charger's leaves. */
    void onGrant(OcppLeaf leaf, LeafAllocation g) {
        sendProfile(leaf, leaf.onGrant(g, lc.monotonicMs()));
    }

    private void sendProfile(OcppLeaf leaf, OcppLeaf.Profile p) {
        if (p == null || closed) {
            return;
        }
        // The schedule starts when the grant was taken (its lease counts from then, OcppLeaf); the unit and
        // numberPhases are those known when it goes out.
        Instant now = Instant.ofEpochMilli(lc.wallMs());
        own.call("SetChargingProfile", () -> Profiles.grant(leaf.connector, p, watts, numberPhases, lc.cfg().validForS(),
                now), r -> {
                    boolean ok = r != null && "Accepted".equals(r.path("status").asText());
                    if (!ok) {
                        LOG.log(Level.WARNING, "ocpp server: " + id + ": TxProfile of " + p.currentMa() + " mA on connector "
                                + leaf.connector + " not accepted (" + (r == null ? "error" : r.path("status").asText()) + ")");
                    }
                    OcppLeaf.Profile next = leaf.onProfileAnswer(p.seq(), ok, lc.monotonicMs());
                    lc.report(this, leaf, true);
                    sendProfile(leaf, next);
                });
    }

    /** Periodic: an own call that was never answered is given up. */
    void tick(long nowMs) {
        own.tick(nowMs);
    }

    // --- OwnCalls.Out and plumbing ------------------------------------------------------------------------------

    @Override
    public void send(Frame f) {
        send(Frame.encode(f));
    }

    @Override
    public long nextOwnId() {
        return lc.nextOwnId();
    }

    @Override
    public long monotonicMs() {
        return lc.monotonicMs();
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
        own.close();
        if (relay != null) {
            relay.close();
        }
    }

    boolean closed() {
        return closed;
    }
}
