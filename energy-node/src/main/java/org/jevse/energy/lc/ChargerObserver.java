package org.jevse.energy.lc;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.System.Logger.Level;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jevse.ocpp.rpc.Frame;
import org.jevse.ocpp.rpc.OcppJson;
import org.jevse.ocpp.rpc.RpcException;
import org.jevse.ocpp.v16.MeterValuesRequest;
import org.jevse.ocpp.v16.StartTransactionRequest;
import org.jevse.ocpp.v16.StartTransactionResponse;
import org.jevse.ocpp.v16.StatusNotificationRequest;
import org.jevse.ocpp.v16.StopTransactionRequest;

/**
 * What the charger tells about its connectors, turned into the state of their {@link OcppLeaf}s: StatusNotification
 * and MeterValues of a connector, StartTransaction with its .conf (the transaction id), StopTransaction. A
 * connector that is not configured is logged once and otherwise left alone (the fail-safe TxDefaultProfile on
 * connector 0 governs it).
 */
final class ChargerObserver {

    private static final System.Logger LOG = System.getLogger(ChargerObserver.class.getName());

    private final String chargerId;
    private final Map<Integer, OcppLeaf> leaves;
    private final Consumer<OcppLeaf> changed;
    private final java.util.function.LongSupplier monotonicMs;
    private final Set<Integer> unknownLogged = new HashSet<>();

    /** @param changed told when a leaf's state changed (its status goes to the manager at once) */
    ChargerObserver(String chargerId, Map<Integer, OcppLeaf> leaves, Consumer<OcppLeaf> changed,
                    java.util.function.LongSupplier monotonicMs) {
        this.chargerId = chargerId;
        this.leaves = leaves;
        this.changed = changed;
        this.monotonicMs = monotonicMs;
    }

    /** A CALL of the charger. */
    void onCall(Frame.Call call) {
        try {
            switch (call.action()) {
                case "StatusNotification" -> {
                    StatusNotificationRequest r = OcppJson.parse(call.payload(), StatusNotificationRequest.class);
                    OcppLeaf leaf = leaf(r.connectorId());
                    if (leaf != null && leaf.onStatus(r.status())) {
                        changed.accept(leaf);
                    }
                }
                case "MeterValues" -> {
                    MeterValuesRequest r = OcppJson.parse(call.payload(), MeterValuesRequest.class);
                    OcppLeaf leaf = leaf(r.connectorId());
                    if (leaf != null) {
                        leaf.onMeterValues(r.meterValue(), monotonicMs.getAsLong());
                    }
                }
                case "StopTransaction" -> {
                    StopTransactionRequest r = OcppJson.parse(call.payload(), StopTransactionRequest.class);
                    for (OcppLeaf leaf : leaves.values()) {
                        if (leaf.transactionId() != null && leaf.transactionId().equals(r.transactionId())) {
                            leaf.onTransactionStopped();
                            changed.accept(leaf);
                        }
                    }
                }
                default -> {
                }
            }
        } catch (RpcException e) {
            LOG.log(Level.WARNING, "ocpp server: " + chargerId + ": " + call.action() + " not understood ("
                    + e.getMessage() + "); passed on as it is");
        }
    }

    /** The answer to a charger's CALL (from the CSMS or from CS mode): the transaction id of a StartTransaction. */
    void onAnswer(Frame.Call call, JsonNode result) {
        if (!call.action().equals("StartTransaction")) {
            return;
        }
        try {
            StartTransactionRequest q = OcppJson.parse(call.payload(), StartTransactionRequest.class);
            StartTransactionResponse r = OcppJson.parse(result, StartTransactionResponse.class);
            OcppLeaf leaf = leaf(q.connectorId());
            if (leaf != null) {
                // OCPP 1.6: a TxProfile names its transaction, so none goes before StartTransaction.conf.
                leaf.onTransactionStarted(r.transactionId());
                changed.accept(leaf);
            }
        } catch (RpcException e) {
            LOG.log(Level.WARNING, "ocpp server: " + chargerId + ": answer to " + call.action() + " not understood ("
                    + e.getMessage() + ")");
        }
    }

    private OcppLeaf leaf(int connectorId) {
        OcppLeaf leaf = leaves.get(connectorId);
        if (leaf == null && connectorId > 0 && unknownLogged.size() < 16 && unknownLogged.add(connectorId)) {
            LOG.log(Level.WARNING, "ocpp server: " + chargerId + ": connector " + connectorId + " is not in"
                    + " ocpp_server.chargers[].connectors; it is held at the fail-safe and not governed");
        }
        return leaf;
    }
}
