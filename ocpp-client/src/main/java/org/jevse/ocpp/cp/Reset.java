package org.jevse.ocpp.cp;

import org.jevse.ocpp.session.Operation;
import org.jevse.ocpp.v16.ResetRequest;
import org.jevse.ocpp.v16.ResetResponse;
import org.jevse.ocpp.v16.ResetStatus;

/** Reset (OCPP 1.6 §5.14): the host stops transactions (SoftReset/HardReset) and restarts after the answer. */
public final class Reset implements Operation<ResetRequest, ResetResponse> {
    public static final String RESET_RETRIES = "ResetRetries";

    /** The key of Reset (OCPP 1.6 §9.1.22); a restart of the client does not fail, so it is never used. */
    public static java.util.List<org.jevse.ocpp.config.ConfigKey> keys() {
        return java.util.List.of(org.jevse.ocpp.config.ConfigKey.integer(RESET_RETRIES, false, 1, 0, 10));
    }

    private final ChargePointHost host;
    private final java.util.function.Consumer<org.jevse.ocpp.v16.ResetType> accepted;

    /** {@code accepted} runs after an Accepted answer was sent: the client restarts when the transactions ended. */
    Reset(ChargePointHost host, java.util.function.Consumer<org.jevse.ocpp.v16.ResetType> accepted) {
        this.host = host;
        this.accepted = accepted;
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
        return new ResetResponse(host.reset(q.type_()) ? ResetStatus.Accepted : ResetStatus.Rejected);
    }

    @Override
    public void afterAnswer(ResetRequest q, ResetResponse r) {
        if (r.status() == ResetStatus.Accepted) {
            accepted.accept(q.type_());
        }
    }
}
