package org.jevse.ocpp.smartcharging;

/**
 * A SetChargingProfile.req names a connector the charge point does not have. OCPP 1.6 errata 3.39: the answer is
 * a CALLERROR PropertyConstraintViolation, not a SetChargingProfile.conf.
 */
public final class InvalidConnectorException extends IllegalArgumentException {
    public InvalidConnectorException(int connectorId) {
        super("unknown connectorId " + connectorId);
    }
}
