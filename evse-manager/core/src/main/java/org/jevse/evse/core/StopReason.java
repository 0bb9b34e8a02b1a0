package org.jevse.evse.core;

/** Why a session ended (mappable to OCPP 1.6 StopTransaction reasons). */
public enum StopReason {
    /** The EV was unplugged. */
    EVDisconnected,
    /** The same tag was presented again, or a local stop. */
    Local,
    /** Stopped by the CSMS or an integrator API. */
    Remote,
    /** The authorization was withdrawn. */
    DeAuthorized,
    /** No authorization arrived in time. */
    Timeout,
    /** A fault stopped it. */
    Fault,
    /** The charger was disabled. */
    Disabled,
    /** The charger restarted while it ran. */
    PowerLoss,
    /** An operator unlocked the connector (OCPP UnlockConnector, §5.18: the transaction ends first). */
    UnlockCommand,
    /** A soft reset was asked for (OCPP Reset Soft): the transaction ends, then the charger restarts. */
    SoftReset,
    /** A hard reset was asked for (OCPP Reset Hard). */
    HardReset
}
