package org.jevse.config;

/** The whole charger configuration: one YAML file. */
public record JevseConfig(
        @Key(name = "evse", doc = "The charger core: EVerest EvseManager options that apply to AC charging, plus jevse's own.")
        EvseConfig evse,
        @Key(name = "board", doc = "Which board the charger runs on, and its settings.")
        BoardConfig board,
        @Key(name = "auth", doc = "Local authorization: the tags accepted without a CSMS, and the timeout.")
        AuthConfig auth,
        @Key(name = "energy", doc = "The energy-tree leaf: how this charger gets its current from a site energy manager over MQTT.")
        EnergyConfig energy,
        @Key(name = "ocpp", doc = "The OCPP 1.6J connection to a central system (CSMS).")
        OcppConfig ocpp,
        @Key(name = "logging", doc = "Log levels, for the whole program and per part.")
        LoggingConfig logging,
        @Key(name = "api", doc = "The HTTP API and the web page: where they listen, who may log in, HTTPS, the charge log (docs/api.md).")
        ApiConfig api,
        @Key(name = "mqtt", doc = "The MQTT status and control API: state topics, set topics, Home Assistant discovery and evcc (docs/api.md, docs/evcc.md).")
        MqttConfig mqtt) {
}
