package org.jevse.ocpp.cp.ops;

import org.jevse.ocpp.cp.ChargePoint;
import org.jevse.ocpp.cp.Operation;
import org.jevse.ocpp.v16.ResetRequest;
import org.jevse.ocpp.v16.ResetResponse;
import org.jevse.ocpp.v16.ResetStatus;

/** Reset (OCPP 1.6 §5.14): the host stops transactions (SoftReset/HardReset) and restarts after the answer. */
final class Reset implements Operation<ResetRequest, ResetResponse> {
    private final ChargePoint cp;

    Reset(ChargePoint cp) {
        this.cp = cp;
    }

    @Override
    public String action() {
        return "Reset";
    }

    @Override
    public Class<ResetRequest> requestType() {
        return ResetRequest.class;
    }

    @Override
    public ResetResponse handle(ResetRequest q) {
        return new ResetResponse(cp.host().reset(q.type_()) ? ResetStatus.Accepted : ResetStatus.Rejected);
    }
}
