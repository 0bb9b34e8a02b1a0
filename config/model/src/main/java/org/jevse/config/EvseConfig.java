package org.jevse.config;

/**
 * The charger core's options. Names and defaults are those of EVerest's EvseManager where it has the option;
 * keys marked {@code jevse = true} are ours.
 */
public record EvseConfig(
        @Key(name = "connector_id", def = "1", min = 1, max = 128,
             doc = "Id of this EVSE within the charging station (OCPP connectorId).")
        int connectorId,
        @Key(name = "evse_id", def = "DE*PNX*E1234567*1",
             doc = "EVSE id in eMI3 format, used in logs and session records.")
        String evseId,
        @Key(name = "charge_mode", def = "AC",
             doc = "Charging mode. jevse does AC only.")
        ChargeMode chargeMode,
        @Key(name = "max_current_import_A", def = "32", min = 0, max = 80,
             doc = "User-configurable current limit of this EVSE per phase, in A. One source of the limit arbitration (`config`).")
        double maxCurrentImportA,
        @Key(name = "ac_nominal_voltage", def = "230", min = 100, max = 500,
             doc = "Nominal AC voltage between phase and neutral, in V.")
        double acNominalVoltage,
        @Key(name = "has_ventilation", def = "true",
             doc = "Allow charging in CP state D (EV requests ventilation). When false, state D raises VentilationNotAvailable and the contactor stays open.")
        boolean hasVentilation,
        @Key(name = "disable_authentication", def = "false",
             doc = "Free vend: every plug-in is authorized at once (as tag FREESERVICE).")
        boolean disableAuthentication,
        @Key(name = "soft_over_current_tolerance_percent", def = "10.0", min = 0, max = 100,
             doc = "Over-current tolerance in percent for the soft over-current check.")
        double softOverCurrentTolerancePercent,
        @Key(name = "soft_over_current_measurement_noise_A", def = "0.5", min = 0, max = 10,
             doc = "Current measurement noise in A, added to the signalled current before the tolerance.")
        double softOverCurrentMeasurementNoiseA,
        @Key(name = "soft_over_current_timeout_ms", def = "7000", min = 6000, max = 600000,
             doc = "How long a phase may exceed (signalled + noise) x (1 + tolerance) before MREC4OverCurrentFailure. At least 6000 to give the EV its IEC 61851-1 reaction time.")
        int softOverCurrentTimeoutMs,
        @Key(name = "state_F_after_fault_ms", def = "300", min = 0, max = 60000,
             doc = "After a fault while charging, hold CP state F this long, then X1 (IEC 61851-1:2017 Table A.5: at least 300 ms). 0 skips F, which violates the standard.")
        int stateFAfterFaultMs,
        @Key(name = "fail_on_powermeter_errors", def = "true",
             doc = "Powermeter errors make the EVSE inoperative (no charging) until the meter reads again.")
        boolean failOnPowermeterErrors,
        @Key(name = "initial_meter_value_timeout_ms", def = "5000", min = 0, max = 600000,
             doc = "At start-up, wait this long for a first powermeter value before becoming ready. 0 does not wait. A meter that stays silent raises a powermeter error.")
        int initialMeterValueTimeoutMs,
        @Key(name = "raise_mrec9", def = "false",
             doc = "Raise MREC9AuthorizationTimeout when authorization times out (it then clears on unplug).")
        boolean raiseMrec9,
        @Key(name = "request_zero_power_in_idle", def = "false",
             doc = "Ask the energy manager for 0 A while no EV is plugged in (used by the energy tree).")
        boolean requestZeroPowerInIdle,
        @Key(name = "external_ready_to_start_charging", def = "false",
             doc = "Stay Disabled at start-up until an external ready-to-start signal arrives.")
        boolean externalReadyToStartCharging,
        @Key(name = "uk_smartcharging_random_delay_enable", def = "false",
             doc = "UK Smart Charge Points Regulations 2021 reg. 11: delay each start and each current increase by a random 0 .. max-1 s. Reductions are never delayed.")
        boolean ukSmartchargingRandomDelayEnable,
        @Key(name = "uk_smartcharging_random_delay_max_duration", def = "600", min = 1, max = 1800,
             doc = "Upper bound of the UK random delay in s (the regulation requires up to 1800 s to be possible, 600 s by default).")
        int ukSmartchargingRandomDelayMaxDuration,
        @Key(name = "uk_smartcharging_random_delay_at_any_change", def = "true",
             doc = "Apply the random delay on every current increase above 0.1 A; when false only when charging starts from 0 A.")
        boolean ukSmartchargingRandomDelayAtAnyChange,
        @Key(name = "switch_3ph1ph_delay_s", def = "10", min = 0, max = 600,
             doc = "How long the pilot shows X1 or F while the phase contactor switches between 1 and 3 phases.")
        int switch3ph1phDelayS,
        @Key(name = "switch_3ph1ph_cp_state", def = "X1",
             doc = "CP state shown while switching phases: X1 or F. Some EVs (first-generation Renault Zoe) can be damaged by a 1p->3p switch; such boards must not offer switching while charging.")
        SwitchCpState switch3ph1phCpState,
        @Key(name = "lock_connector_in_state_b", def = "true",
             doc = "Lock the connector already in state B. false violates IEC 61851-1:2019 D.6.5 Table D.9 line 4.")
        boolean lockConnectorInStateB,
        @Key(name = "unlock_when_deauthorized", def = "false",
             doc = "Keep the connector unlocked in B/C while no one is authorized and the contactor is open. Violates IEC 61851-1:2019 D.6.5 Table D.9 line 4.")
        boolean unlockWhenDeauthorized,
        @Key(name = "hack_simplified_mode_limit_10A", def = "false",
             doc = "Cap the PWM at 10 A when the EV uses simplified mode (A straight to C). IEC 61851-1:2019 A.2.3 leaves that to the EV.")
        boolean hackSimplifiedModeLimit10A,
        @Key(name = "session_id_type", def = "UUID",
             doc = "Session id format: UUID (36 chars), UUID_BASE64 (22 chars) or SHORT_BASE64 (16 chars).")
        SessionIdType sessionIdType,
        @Key(name = "session_logging", def = "false",
             doc = "Write one JSON-lines log file per session.")
        boolean sessionLogging,
        @Key(name = "session_logging_path", def = "/tmp",
             doc = "Directory for session log files.")
        String sessionLoggingPath,
        @Key(name = "logfile_suffix", def = "session_uuid",
             doc = "Name of each session log file; the special value session_uuid is replaced by the session id.")
        String logfileSuffix,
        @Key(name = "charge_log_file", def = "''", jevse = true,
             doc = "The charge log: one JSON line per finished transaction (tag, user, start, stop, meter readings, stop reason), appended and forced to the disk, read by GET /api/v1/sessions. Relative paths are relative to the working directory. Empty: no charge log.")
        String chargeLogFile,
        @Key(name = "charge_log_max_bytes", def = "4194304", min = 4096, max = 1073741824, jevse = true,
             doc = "Past this size the charge log is rotated: the file becomes FILE.1 (replacing the older one) and a new file starts, so the log holds at most about twice this.")
        int chargeLogMaxBytes,
        @Key(name = "contactor_feedback_timeout_ms", def = "250", min = 50, max = 2000, jevse = true,
             doc = "Time allowed for the mirror contact to confirm a switch. A missing PowerOff after opening is a latched welding fault (MREC17EVSEContactorFault).")
        int contactorFeedbackTimeoutMs,
        @Key(name = "power_off_under_load_in_c1_timeout_ms", def = "6000", min = 3000, max = 6000, jevse = true,
             doc = "If the EV stays in C after the PWM stopped, open the contactor under load after this long (IEC 61851-1 Table A.6 seq. 10.2: 6 s; Phoenix uses 3 s).")
        int powerOffUnderLoadInC1TimeoutMs,
        @Key(name = "legacy_wakeup_enable", def = "true", jevse = true,
             doc = "Send one wake-up pulse of state F when the EV sits in B2 without asking for power (IEC 61851-1 A.5.3).")
        boolean legacyWakeupEnable,
        @Key(name = "legacy_wakeup_after_s", def = "30", min = 5, max = 3600, jevse = true,
             doc = "Seconds in B2 without C before the wake-up pulse.")
        int legacyWakeupAfterS,
        @Key(name = "legacy_wakeup_f_ms", def = "4000", min = 500, max = 30000, jevse = true,
             doc = "Length of the wake-up F pulse (ISO 15118-3 T_step_EF: 4 s).")
        int legacyWakeupFMs,
        @Key(name = "rcd_reset", def = "unplug", jevse = true,
             doc = "What clears an RCD trip: `unplug`, or `manual` (jevse reset) where automatic reclosing is not allowed (UK, DK, FR, CH).")
        RcdResetPolicy rcdReset,
        @Key(name = "rcd_self_test_timeout_ms", def = "5000", min = 100, max = 60000, jevse = true,
             doc = "Time allowed for the RCD self-test that runs before each session; no answer counts as a failed test.")
        int rcdSelfTestTimeoutMs) {
}
