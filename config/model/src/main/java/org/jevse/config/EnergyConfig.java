package org.jevse.config;

/**
 * The charger's energy-tree leaf. With an empty {@code broker_url} there is no energy tree and the leaf adds no
 * limit. Owned by the energy-tree work (docs/energy-tree.md).
 */
public record EnergyConfig(
        @Key(name = "broker", inline = true, doc = "The broker of the energy tree.")
        BrokerConnection broker,
        @Key(name = "leaf_id", def = "''", jevse = true,
             doc = "This charger's id in the energy tree (the energy manager's chargers[].id), a level of its MQTT topics: 1 to 64 characters without / + # or control characters. Empty: the evse.evse_id, which must then follow the same rule.")
        String leafId,
        @Key(name = "failsafe_current_A", def = "0", min = 0, max = 80, jevse = true,
             doc = "Current per phase when the lease has expired or the parent was never heard. 0 pauses the session (WARP's alternative: a default current).")
        double failsafeCurrentA,
        @Key(name = "topic_prefix", def = "jevse", jevse = true,
             doc = "MQTT topic prefix shared with the energy manager: the leaf publishes PREFIX/energy/LEAF_ID/status and subscribes to PREFIX/energy/LEAF_ID/allocation.")
        String topicPrefix) {

    public EnergyConfig {
        if (!leafId.isEmpty()) {
            TopicLevel.require("leaf_id", leafId); // a level of the leaf's topics (PREFIX/energy/LEAF_ID/status)
        }
    }
}
