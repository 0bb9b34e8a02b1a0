package org.jevse.config;

/**
 * The OCPP 1.6J connection to the operator's central system. With an empty {@code central_system_uri} the charger
 * runs without OCPP. Owned by the OCPP work (docs/ocpp.md).
 */
public record OcppConfig(
        @Key(name = "central_system_uri", def = "''", jevse = true,
             doc = "WebSocket URL of the CSMS, e.g. ws://127.0.0.1:9000/ocpp/ (the charge point id is appended). Empty: no OCPP.")
        String centralSystemUri,
        @Key(name = "charge_point_id", def = "jevse-cp-1", jevse = true,
             doc = "The charge point identity appended to central_system_uri.")
        String chargePointId) {
}
