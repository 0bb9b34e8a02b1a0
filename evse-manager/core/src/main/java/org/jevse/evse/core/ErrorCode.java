package org.jevse.evse.core;

/**
 * The errors the core knows, with EVerest's names (MREC codes from the ChargeX MREC list) where one exists.
 * Every error is fatal (prevents charging) unless it says otherwise, as in EVerest's ErrorHandling.
 */
public enum ErrorCode {
    /** The EV's CP diode is shorted or missing (evse_board_support/DiodeFault). */
    DiodeFault("evse_board_support", Severity.HIGH, ClearRule.UNPLUG),
    /** State D requested but ventilation is not allowed (evse_board_support/VentilationNotAvailable). */
    VentilationNotAvailable("evse_board_support", Severity.HIGH, ClearRule.UNPLUG),
    /** Residual current trip (ac_rcd/MREC2GroundFailure); cleared per the configured rcd_reset. */
    MREC2GroundFailure("ac_rcd", Severity.HIGH, ClearRule.UNPLUG),
    /** The RCD failed its self-test: the device is broken (ac_rcd/Selftest). */
    RcdSelftest("ac_rcd", Severity.HIGH, ClearRule.RESET),
    /** The EV drew more than it was offered for too long (evse_manager/MREC4OverCurrentFailure). */
    MREC4OverCurrentFailure("evse_manager", Severity.HIGH, ClearRule.UNPLUG),
    /** Authorization timed out (evse_manager/MREC9AuthorizationTimeout), raised only with raise_mrec9. */
    MREC9AuthorizationTimeout("evse_manager", Severity.MEDIUM, ClearRule.UNPLUG),
    /** CP shorted (state E) or an unexpected F seen on the pilot (evse_board_support/MREC14PilotFault). */
    MREC14PilotFault("evse_board_support", Severity.HIGH, ClearRule.UNPLUG),
    /** The contactor did not switch as commanded, e.g. welded (evse_board_support/MREC17EVSEContactorFault). */
    MREC17EVSEContactorFault("evse_board_support", Severity.HIGH, ClearRule.RESET),
    /** Invalid proximity-pilot resistor (evse_board_support/MREC23ProximityFault). */
    MREC23ProximityFault("evse_board_support", Severity.HIGH, ClearRule.UNPLUG),
    /** The connector lock did not confirm locking (connector_lock/ConnectorLockFailedLock). */
    ConnectorLockFailedLock("connector_lock", Severity.HIGH, ClearRule.UNPLUG),
    /** The powermeter does not answer or answers nonsense (powermeter/CommunicationFault). */
    PowermeterCommunicationFault("powermeter", Severity.MEDIUM, ClearRule.CONDITION),
    /**
     * The session machine did not settle within one step: a defect of the core, not of the EV or the board. Power
     * is cut, and it latches until a reset so that someone looks at the log.
     */
    CoreStepDidNotSettle("evse_manager", Severity.HIGH, ClearRule.RESET);

    private final String module;
    private final Severity severity;
    private final ClearRule defaultClearRule;

    ErrorCode(String module, Severity severity, ClearRule defaultClearRule) {
        this.module = module;
        this.severity = severity;
        this.defaultClearRule = defaultClearRule;
    }

    /** EVerest's error type, e.g. {@code evse_board_support/DiodeFault}. */
    public String type() {
        return module + "/" + name();
    }

    public Severity severity() {
        return severity;
    }

    public ClearRule defaultClearRule() {
        return defaultClearRule;
    }
}
