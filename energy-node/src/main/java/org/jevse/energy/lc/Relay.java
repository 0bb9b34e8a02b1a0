package org.jevse.energy.lc;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import org.java_websocket.framing.CloseFrame;
import org.jevse.energy.manager.OcppServerSection.ServerChargingCall;
import org.jevse.ocpp.rpc.Frame;
import org.jevse.ocpp.rpc.OcppJson;
import org.jevse.ocpp.rpc.RpcException;
import org.jevse.ocpp.v16.BootNotificationResponse;
import org.jevse.ocpp.v16.BootNotificationStatus;
import org.jevse.ocpp.v16.ChargingProfilePurpose;
import org.jevse.ocpp.v16.ClearChargingProfileRequest;
import org.jevse.ocpp.v16.ClearChargingProfileStatus;
import org.jevse.ocpp.v16.SetChargingProfileRequest;
import org.jevse.ocpp.v16.SetChargingProfileStatus;

/**
 * LC mode: one charger's frames to the operator's CSMS and back, unchanged, except what the LC owns (the CSMS's
 * Set/ClearChargingProfile as server_charging_call says). Holds the charger's frames while the upstream connection
 * opens (bounded) and remembers the charger's open CALLs so their answers can be observed.
 */
final class Relay {

    /** Charger frames held while the upstream connection opens; more closes the charger's side. */
    static final int MAX_BACKLOG = 100;
    /** Calls of the charger waiting for the CSMS's answer (OCPP-J allows one at a time; bounded anyway). */
    static final int MAX_OPEN_CALLS = 16;

    /** What the relay needs of the charger's side. */
    interface ChargerSide {
        void toCharger(String text);

        void closeCharger(int code, String reason);

        /** The CSMS answered a CALL of the charger. */
        void answered(Frame.Call asked, JsonNode result);

        /** The CSMS accepted the charger's boot (the answer has been passed on). */
        void bootAccepted();

        /** server_charging_call Forward: the CSMS's limit for a connector (0: all), MAX_VALUE: none. */
        void csmsCap(int connectorId, int capMa);

        ServerChargingCall serverChargingCall();
    }

    private static final System.Logger LOG = System.getLogger(Relay.class.getName());

    private final String chargerId;
    private final ChargerSide charger;
    private final Upstream upstream;
    private final Deque<String> backlog = new ArrayDeque<>();
    private final Map<String, Frame.Call> chargerCalls = new LinkedHashMap<>();
    private boolean open;
    private boolean closed;

    /** @param upstreamFactory opens the charger's connection to the CSMS with the given listener */
    Relay(String chargerId, ChargerSide charger, java.util.function.Function<Upstream.Listener, Upstream> upstreamFactory,
          java.util.function.Consumer<Runnable> onManagerThread) {
        this.chargerId = chargerId;
        this.charger = charger;
        this.upstream = upstreamFactory.apply(new Upstream.Listener() {
            @Override
            public void upstreamOpened() {
                onManagerThread.accept(Relay.this::onUpstreamOpened);
            }

            @Override
            public void upstreamMessage(String text) {
                onManagerThread.accept(() -> onUpstreamText(text));
            }

            @Override
            public void upstreamClosed(int code, String reason) {
                onManagerThread.accept(() -> onUpstreamClosed(code, reason));
            }
        });
        upstream.connect();
    }

    /** A CALL of the charger: remembered for its answer, then forwarded. */
    void chargerCall(Frame.Call call, String text) {
        if (chargerCalls.size() >= MAX_OPEN_CALLS) {
            chargerCalls.remove(chargerCalls.keySet().iterator().next());
        }
        chargerCalls.put(call.id(), call);
        toUpstream(text);
    }

    /** Anything else of the charger (an answer to the CSMS, a frame the LC cannot read): forwarded. */
    void toUpstream(String text) {
        if (open) {
            upstream.send(text);
        } else if (backlog.size() < MAX_BACKLOG) {
            backlog.add(text);
        } else {
            charger.closeCharger(CloseFrame.TRY_AGAIN_LATER, "upstream CSMS not reachable");
        }
    }

    void close() {
        closed = true;
        upstream.close();
    }

    private void onUpstreamOpened() {
        if (closed) {
            upstream.close();
            return;
        }
        open = true;
        while (!backlog.isEmpty() && !closed) {
            upstream.send(backlog.poll());
        }
    }

    /**
     * The CSMS is gone: the charger's side is closed too, so the charger keeps its own messages (its offline
     * queue) and falls back to its fail-safe when the grant's schedule ends (docs/local-controller.md).
     */
    private void onUpstreamClosed(int code, String reason) {
        open = false;
        if (closed) {
            return;
        }
        LOG.log(Level.WARNING, "ocpp server: " + chargerId + ": upstream CSMS closed (" + code + " " + reason
                + "); closing the charger's side too");
        charger.closeCharger(CloseFrame.TRY_AGAIN_LATER, "upstream CSMS closed (" + code + ")");
    }

    private void onUpstreamText(String text) {
        if (closed) {
            return;
        }
        Frame f;
        try {
            f = Frame.decode(text);
        } catch (Frame.Malformed e) {
            charger.toCharger(text);
            return;
        }
        if (f instanceof Frame.Call call && (call.action().equals("SetChargingProfile")
                || call.action().equals("ClearChargingProfile"))) {
            csmsProfileCall(call, text);
            return;
        }
        Frame.Call asked = f instanceof Frame.Call ? null : chargerCalls.remove(f.id());
        charger.toCharger(text);
        if (asked != null && f instanceof Frame.CallResult r) {
            charger.answered(asked, r.payload());
            if (asked.action().equals("BootNotification") && accepted(r.payload())) {
                charger.bootAccepted();
            }
        }
    }

    private static boolean accepted(JsonNode bootConf) {
        try {
            return OcppJson.parse(bootConf, BootNotificationResponse.class).status() == BootNotificationStatus.Accepted;
        } catch (RpcException e) {
            return false;
        }
    }

    /** server_charging_call: what the LC owns of the CSMS's smart charging (docs/local-controller.md). */
    private void csmsProfileCall(Frame.Call call, String text) {
        ServerChargingCall mode = charger.serverChargingCall();
        boolean set = call.action().equals("SetChargingProfile");
        if (mode == ServerChargingCall.Forward) {
            try {
                if (set) {
                    SetChargingProfileRequest r = OcppJson.parse(call.payload(), SetChargingProfileRequest.class);
                    if (r.csChargingProfiles().chargingProfilePurpose() == ChargingProfilePurpose.ChargePointMaxProfile) {
                        charger.toCharger(text); // composite = min(CPMax, Tx): it can only lower what the LC grants
                        return;
                    }
                    charger.csmsCap(r.connectorId(), Profiles.limitMa(r.csChargingProfiles()));
                } else {
                    ClearChargingProfileRequest r = OcppJson.parse(call.payload(), ClearChargingProfileRequest.class);
                    if (r.chargingProfilePurpose() == ChargingProfilePurpose.ChargePointMaxProfile) {
                        charger.toCharger(text);
                        return;
                    }
                    charger.csmsCap(r.connectorId() == null ? 0 : r.connectorId(), Integer.MAX_VALUE);
                }
            } catch (RpcException e) {
                toUpstream(Frame.encode(new Frame.CallError(call.id(), e.code(), e.description(), null)));
                return;
            }
        }
        boolean accept = mode != ServerChargingCall.Rejected;
        JsonNode result = OcppJson.mapper().createObjectNode().put("status", set
                ? (accept ? SetChargingProfileStatus.Accepted : SetChargingProfileStatus.Rejected).toString()
                : (accept ? ClearChargingProfileStatus.Accepted : ClearChargingProfileStatus.Unknown).toString());
        toUpstream(Frame.encode(new Frame.CallResult(call.id(), result)));
    }
}
