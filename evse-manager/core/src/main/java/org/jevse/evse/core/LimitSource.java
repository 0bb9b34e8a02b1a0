package org.jevse.evse.core;

/** Where a current limit comes from. On a tie the earlier source is named as the binding one. */
public enum LimitSource {
    /** The PP cable rating, or the rating of a tethered cable. */
    CABLE("cable"),
    /** The board's hardware maximum. */
    BOARD("board"),
    /** evse.max_current_import_A. */
    CONFIG("config"),
    /** The lease from the energy tree's parent. */
    ENERGY_MANAGER("energy manager"),
    /** The OCPP composite charging schedule. */
    OCPP("OCPP"),
    /** A limit a user or integrator set at run time. */
    USER("user"),
    /** The 10 A cap of hack_simplified_mode_limit_10A. */
    SIMPLIFIED_MODE("simplified mode");

    private final String label;

    LimitSource(String label) {
        this.label = label;
    }

    /** The name shown in status lines and event streams, e.g. "limited by cable 20 A". */
    public String label() {
        return label;
    }
}
