package org.jevse.ocpp.cp.ops;

import org.jevse.ocpp.cp.ChargePoint;
import org.jevse.ocpp.cp.Operation;
import org.jevse.ocpp.v16.UnlockConnectorRequest;
import org.jevse.ocpp.v16.UnlockConnectorResponse;
import org.jevse.ocpp.v16.UnlockConnectorStatus;

/** UnlockConnector (OCPP 1.6 §5.18): the host unlocks (stopping a transaction with UnlockCommand first). */
final class UnlockConnector implements Operation<UnlockConnectorRequest, UnlockConnectorResponse> {
    private final ChargePoint cp;

    UnlockConnector(ChargePoint cp) {
        this.cp = cp;
    }

    @Override
    public String action() {
        return "UnlockConnector";
    }

    @Override
    public Class<UnlockConnectorRequest> requestType() {
        return UnlockConnectorRequest.class;
    }

    @Override
    public UnlockConnectorResponse handle(UnlockConnectorRequest q) {
        int c = q.connectorId();
        if (c < 1 || c > cp.connectors()) {
            return new UnlockConnectorResponse(UnlockConnectorStatus.NotSupported);
        }
        return new UnlockConnectorResponse(cp.host().unlockConnector(c));
    }
}
