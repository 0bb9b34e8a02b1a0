package org.jevse.ocpp.cp;

/** Where the charge point stands with the CSMS (OCPP 1.6 §4.2). */
public enum Registration {
    /** No BootNotification answered yet in this run. */
    UNKNOWN,
    PENDING,
    ACCEPTED,
    REJECTED
}
