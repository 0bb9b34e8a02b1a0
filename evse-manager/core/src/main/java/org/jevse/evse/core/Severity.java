package org.jevse.evse.core;

/** Error severity (EVerest error framework). High means an emergency shutdown: power off at once. */
public enum Severity {
    HIGH,
    MEDIUM,
    LOW
}
