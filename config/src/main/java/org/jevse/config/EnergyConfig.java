package org.jevse.config;

/**
 * The charger's energy-tree leaf. With an empty {@code broker_url} there is no energy tree and the leaf adds no
 * limit. Owned by the energy-tree work (docs/energy-tree.md).
 */
public record EnergyConfig(
        @Key(name = "broker_url", def = "''", jevse = true,
             doc = "MQTT broker of the energy tree, e.g. tcp://127.0.0.1:1883 or ssl://broker:8883. Empty: no energy tree.")
        String brokerUrl,
        @Key(name = "leaf_id", def = "''", jevse = true,
             doc = "This charger's id in the energy tree. Empty: the evse.evse_id.")
        String leafId,
        @Key(name = "failsafe_current_A", def = "0", min = 0, max = 80, jevse = true,
             doc = "Current per phase when the lease has expired or the parent was never heard. 0 pauses the session (WARP's alternative: a default current).")
        double failsafeCurrentA) {
}
