package org.jevse.ocpp.cp;

import org.jevse.ocpp.config.Configuration;
import org.jevse.ocpp.session.Operation;
import org.jevse.ocpp.v16.ChangeConfigurationRequest;
import org.jevse.ocpp.v16.ChangeConfigurationResponse;
import org.jevse.ocpp.v16.ChangeConfigurationStatus;

/** ChangeConfiguration (OCPP 1.6 §5.3): the answer comes after the new value is on disk. */
final class ChangeConfiguration implements Operation<ChangeConfigurationRequest, ChangeConfigurationResponse> {
    private final Configuration config;

    ChangeConfiguration(Configuration config) {
        this.config = config;
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
        Configuration.Change c = config.change(q.key(), q.value());
        return new ChangeConfigurationResponse(ChangeConfigurationStatus.valueOf(c.name()));
    }
}
