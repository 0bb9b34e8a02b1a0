package org.jevse.ocpp.cp.ops;

import org.jevse.ocpp.cp.ChargePoint;
import org.jevse.ocpp.cp.Operation;
import org.jevse.ocpp.v16.ChangeAvailabilityRequest;
import org.jevse.ocpp.v16.ChangeAvailabilityResponse;
import org.jevse.ocpp.v16.ChangeAvailabilityStatus;
import org.jevse.ocpp.v16.ChangeAvailabilityType;

/**
 * ChangeAvailability (OCPP 1.6 §5.2): persisted before the answer; Scheduled when a transaction runs on the
 * connector (any connector, for connector 0) and the change is to Inoperative: it applies when that ends.
 */
final class ChangeAvailability implements Operation<ChangeAvailabilityRequest, ChangeAvailabilityResponse> {
    private final ChargePoint cp;

    ChangeAvailability(ChargePoint cp) {
        this.cp = cp;
    }

    @Override
    public String action() {
        return "ChangeAvailability";
    }

    @Override
    public Class<ChangeAvailabilityRequest> requestType() {
        return ChangeAvailabilityRequest.class;
    }

    @Override
    public ChangeAvailabilityResponse handle(ChangeAvailabilityRequest q) {
        int c = q.connectorId();
        if (c < 0 || c > cp.connectors()) {
            return new ChangeAvailabilityResponse(ChangeAvailabilityStatus.Rejected);
        }
        boolean operative = q.type_() == ChangeAvailabilityType.Operative;
        cp.availability().set(c, operative);
        boolean busy = false;
        for (int i = 1; i <= cp.connectors(); i++) {
            if ((c == 0 || c == i) && cp.store().active(i) != null) {
                busy = true;
            }
        }
        if (!operative && busy) {
            return new ChangeAvailabilityResponse(ChangeAvailabilityStatus.Scheduled);
        }
        cp.host().setAvailability(c, operative);
        return new ChangeAvailabilityResponse(ChangeAvailabilityStatus.Accepted);
    }
}
