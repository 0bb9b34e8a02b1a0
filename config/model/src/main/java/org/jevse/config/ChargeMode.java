package org.jevse.config;

/** EVerest charge_mode; jevse charges AC only. */
public enum ChargeMode {
    AC
}
