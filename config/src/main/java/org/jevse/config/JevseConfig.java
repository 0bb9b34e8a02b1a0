package org.jevse.config;

/** The whole charger configuration: one YAML file. */
public record JevseConfig(
        @Key(name = "evse", doc = "The charger core: EVerest EvseManager options that apply to AC charging, plus jevse's own.")
        EvseConfig evse,
        @Key(name = "board", doc = "Which board the charger runs on, and its settings.")
        BoardConfig board,
        @Key(name = "auth", doc = "Local authorization: the tags accepted without a CSMS, and the timeout.")
        AuthConfig auth) {
}
