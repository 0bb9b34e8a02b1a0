package org.jevse.config;

/** EVerest switch_3ph1ph_cp_state: what the pilot shows while phases are switched. */
public enum SwitchCpState {
    X1,
    F
}
