package org.jevse.ocpp.cp.ops;

import org.jevse.ocpp.config.Configuration;
import org.jevse.ocpp.cp.ChargePoint;
import org.jevse.ocpp.cp.Operation;
import org.jevse.ocpp.v16.ChangeConfigurationRequest;
import org.jevse.ocpp.v16.ChangeConfigurationResponse;
import org.jevse.ocpp.v16.ChangeConfigurationStatus;

/** ChangeConfiguration (OCPP 1.6 §5.3): the answer comes after the new value is on disk. */
final class ChangeConfiguration implements Operation<ChangeConfigurationRequest, ChangeConfigurationResponse> {
    private final ChargePoint cp;

    ChangeConfiguration(ChargePoint cp) {
        this.cp = cp;
    }

    @Override
    public String action() {
        return "ChangeConfiguration";
    }

    @Override
    public Class<ChangeConfigurationRequest> requestType() {
        return ChangeConfigurationRequest.class;
    }

    @Override
    public ChangeConfigurationResponse handle(ChangeConfigurationRequest q) {
        Configuration.Change c = cp.config().change(q.key(), q.value());
        return new ChangeConfigurationResponse(ChangeConfigurationStatus.valueOf(c.name()));
    }
}
