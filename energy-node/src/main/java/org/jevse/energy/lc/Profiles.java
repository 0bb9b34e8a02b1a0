package org.jevse.energy.lc;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jevse.ocpp.v16.ChargingProfileKind;
import org.jevse.ocpp.v16.ChargingProfilePurpose;
import org.jevse.ocpp.v16.ChargingRateUnit;
import org.jevse.ocpp.v16.ChargingSchedule;
import org.jevse.ocpp.v16.ChargingSchedulePeriod;
import org.jevse.ocpp.v16.ClearChargingProfileRequest;
import org.jevse.ocpp.v16.CsChargingProfiles;
import org.jevse.ocpp.v16.GetConfigurationRequest;
import org.jevse.ocpp.v16.SetChargingProfileRequest;

/**
 * The LC's own requests to a charger, as the OCPP 1.6 message records of ocpp-client (which check them as they
 * are built). The profile strategy is in docs/local-controller.md.
 */
final class Profiles {

    /** The LC's TxDefaultProfile; a fixed id, so a new one replaces the old (OCPP 1.6 §5.16.2). */
    static final int DEFAULT_PROFILE_ID = 90_001;
    /**
     * The LC's TxProfile of the running transaction on connector 1; connector n uses this + n - 1, as a profile
     * with the same id replaces the old one whatever its connector (OCPP 1.6 §5.16.2).
     */
    static final int TX_PROFILE_ID = 90_002;
    /**
     * Stack level 0 for both: several chargers reject a TxDefaultProfile on another level (ABB Terra AC, evcc
     * #4957), and a TxProfile overrules any TxDefaultProfile whatever its level (OCPP 1.6 §3.13.2).
     */
    static final int STACK_LEVEL = 0;
    /** Nominal phase voltage for chargers that take only W (ChargingScheduleAllowedChargingRateUnit = Power). */
    static final double NOMINAL_V = 230.0;

    /** The capability probe: the keys whose values shape the profiles. */
    static final List<String> PROBE_KEYS = List.of("ChargingScheduleAllowedChargingRateUnit",
            "ChargeProfileMaxStackLevel", "ChargingScheduleMaxPeriods", "MaxChargingProfilesInstalled",
            "ConnectorSwitch3to1PhaseSupported");

    private Profiles() {
    }

    static GetConfigurationRequest probe() {
        return new GetConfigurationRequest(PROBE_KEYS);
    }

    /** Before its own TxDefaultProfile the LC clears every other one, which could stack above it. */
    static ClearChargingProfileRequest clearDefaults() {
        return new ClearChargingProfileRequest(null, null, ChargingProfilePurpose.TxDefaultProfile, null);
    }

    /**
     * The fail-safe's schedule start: long past on any charger's clock. An Absolute schedule is in force from its
     * startSchedule by the charger's clock, which follows the CSMS's with the delay of the answer that set it; a
     * fail-safe starting "now" that replaced the previous one was not yet in force on a charger whose clock is
     * behind, and with its grant's schedule over the charger had no limit at all (MixedSiteProcessTest).
     */
    static final Instant FAIL_SAFE_START = Instant.EPOCH;

    /** The fail-safe: a TxDefaultProfile on connector 0 (all connectors) with no end, in force on any clock. */
    static SetChargingProfileRequest failSafe(int failsafeMa, boolean watts) {
        return new SetChargingProfileRequest(0, new CsChargingProfiles(DEFAULT_PROFILE_ID, null, STACK_LEVEL,
                ChargingProfilePurpose.TxDefaultProfile, ChargingProfileKind.Absolute, null, null, null,
                schedule(failsafeMa, 3, watts, null, null, FAIL_SAFE_START)));
    }

    /**
     * A grant: a TxProfile of the transaction on its connector whose schedule ends after the lease. With
     * {@code numberPhases} (phase_switching) its period says on how many phases to charge (OCPP 1.6
     * ChargingSchedulePeriod.numberPhases); without, only the current, and the charger uses its phases.
     */
    static SetChargingProfileRequest grant(int connector, OcppLeaf.Profile p, boolean watts, boolean numberPhases,
                                           int validForS, Instant now) {
        return new SetChargingProfileRequest(connector, new CsChargingProfiles(TX_PROFILE_ID + connector - 1,
                p.transactionId(), STACK_LEVEL, ChargingProfilePurpose.TxProfile, ChargingProfileKind.Absolute, null,
                null, null, schedule(p.currentMa(), p.phases(), watts, numberPhases ? p.phases() : null, validForS, now)));
    }

    private static ChargingSchedule schedule(int ma, int phases, boolean watts, Integer numberPhases, Integer durationS,
                                             Instant now) {
        double limit = watts ? Math.floor(ma / 1000.0 * NOMINAL_V * phases) : Math.floor(ma / 100.0) / 10.0;
        return new ChargingSchedule(durationS, now.truncatedTo(ChronoUnit.SECONDS).toString(),
                watts ? ChargingRateUnit.W : ChargingRateUnit.A,
                List.of(new ChargingSchedulePeriod(0, limit, numberPhases)), null);
    }

    /**
     * The current per phase (mA) a CSMS profile allows from now on, read from its first period (a W limit over
     * three phases at the nominal voltage); MAX_VALUE when it cannot be read.
     */
    static int limitMa(CsChargingProfiles p) {
        ChargingSchedule s = p.chargingSchedule();
        if (s.chargingSchedulePeriod().isEmpty()) {
            return Integer.MAX_VALUE;
        }
        ChargingSchedulePeriod first = s.chargingSchedulePeriod().get(0);
        double a = s.chargingRateUnit() == ChargingRateUnit.W
                ? first.limit() / (NOMINAL_V * (first.numberPhases() == null ? 3 : first.numberPhases()))
                : first.limit();
        return a < 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, Math.round(a * 1000));
    }
}
