package org.jevse.ocpp.smartcharging;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jevse.ocpp.v16.ChargingProfile;
import org.jevse.ocpp.v16.ChargingProfileKind;
import org.jevse.ocpp.v16.ChargingProfilePurpose;
import org.jevse.ocpp.v16.ChargingSchedule;
import org.jevse.ocpp.v16.ChargingSchedulePeriod;

/** Whether a charging profile may be installed on a connector (OCPP 1.6 §3.13, §5.16, §7.8-§7.14, errata). */
final class ProfileRules {
    private ProfileRules() {
    }

    /**
     * Why the chargingProfile of a RemoteStartTransaction.req would be rejected, or empty if it is acceptable: its
     * purpose SHALL be TxProfile (§5.11), its transactionId SHALL NOT be set (errata 3.41: the transaction has no id
     * yet), and it must be acceptable for {@code starting}, the transaction about to start.
     *
     * @throws InvalidConnectorException for a connector that does not exist
     */
    static Optional<String> checkForRemoteStart(SmartChargingConfig config, int connectorId, ChargingProfile p,
            ActiveTransaction starting) {
        if (p.chargingProfilePurpose() != ChargingProfilePurpose.TxProfile) {
            return Optional.of("a RemoteStartTransaction chargingProfile SHALL be a TxProfile (§5.11)");
        }
        if (p.transactionId() != null) {
            return Optional.of("a RemoteStartTransaction chargingProfile SHALL NOT set transactionId (errata 3.41)");
        }
        return check(config, connectorId, p, Optional.of(starting));
    }

    /**
     * Why the profile would be rejected on this connector, or empty if it is acceptable.
     *
     * @throws InvalidConnectorException for a connector that does not exist
     */
    static Optional<String> check(SmartChargingConfig config, int connectorId, ChargingProfile p,
            Optional<ActiveTransaction> activeTransaction) {
        if (connectorId < 0 || connectorId > config.numberOfConnectors()) {
            throw new InvalidConnectorException(connectorId);
        }
        ChargingProfilePurpose purpose = p.chargingProfilePurpose();
        if (purpose == ChargingProfilePurpose.ChargePointMaxProfile && connectorId != 0) {
            return Optional.of("ChargePointMaxProfile can only be set at connectorId 0 (§3.13.1)");
        }
        if (purpose == ChargingProfilePurpose.TxProfile) {
            if (connectorId == 0) {
                return Optional.of("TxProfile SHALL only be set at connectorId > 0 (§3.13.1)");
            }
            if (activeTransaction.isEmpty()) {
                return Optional.of("TxProfile without an active transaction on the connector (§3.13.1, §5.16.4)");
            }
            Integer active = activeTransaction.get().transactionId();
            if (p.transactionId() != null && active != null && !p.transactionId().equals(active)) {
                return Optional.of("transactionId " + p.transactionId() + " is not the active transaction " + active);
            }
        } else if (p.transactionId() != null) {
            return Optional.of("transactionId is only valid for a TxProfile (§7.8)");
        }
        if (p.stackLevel() < 0 || p.stackLevel() > config.chargeProfileMaxStackLevel()) {
            return Optional.of("stackLevel outside 0.." + config.chargeProfileMaxStackLevel() + " (§9.4.1)");
        }
        ChargingProfileKind kind = p.chargingProfileKind();
        ChargingSchedule s = p.chargingSchedule();
        if (kind == ChargingProfileKind.Relative && purpose == ChargingProfilePurpose.ChargePointMaxProfile) {
            return Optional.of("a ChargePointMaxProfile has no transaction to be Relative to");
        }
        if (kind != ChargingProfileKind.Relative && s.startSchedule() == null) {
            return Optional.of(kind + " schedule needs startSchedule (§7.9, §7.37)");
        }
        if (kind == ChargingProfileKind.Recurring && p.recurrencyKind() == null) {
            return Optional.of("Recurring profile needs recurrencyKind (§7.37)");
        }
        Instant from = Schedules.parse(p.validFrom());
        Instant to = Schedules.parse(p.validTo());
        if (from != null && to != null && !to.isAfter(from)) {
            return Optional.of("validTo is not after validFrom");
        }
        if (!config.allowedUnits().contains(s.chargingRateUnit())) {
            return Optional.of("chargingRateUnit " + s.chargingRateUnit()
                    + " not in ChargingScheduleAllowedChargingRateUnit (§9.4.2)");
        }
        if (s.duration() != null && s.duration() < 0) {
            return Optional.of("negative duration");
        }
        if (s.minChargingRate() != null && s.minChargingRate() < 0) {
            return Optional.of("negative minChargingRate");
        }
        List<ChargingSchedulePeriod> periods = s.chargingSchedulePeriod();
        if (periods.isEmpty() || periods.size() > config.chargingScheduleMaxPeriods()) {
            return Optional.of("1.." + config.chargingScheduleMaxPeriods() + " periods allowed (§9.4.3)");
        }
        if (periods.get(0).startPeriod() != 0) {
            return Optional.of("the first period SHALL start at 0 (§5.16.4, errata 3.45)");
        }
        for (int i = 0; i < periods.size(); i++) {
            ChargingSchedulePeriod period = periods.get(i);
            if (i > 0 && period.startPeriod() <= periods.get(i - 1).startPeriod()) {
                return Optional.of("startPeriod values must increase");
            }
            if (period.limit() < 0 || Double.isNaN(period.limit()) || Double.isInfinite(period.limit())) {
                return Optional.of("limit must be a finite value >= 0");
            }
            if (period.numberPhases() != null && (period.numberPhases() < 1 || period.numberPhases() > 3)) {
                return Optional.of("numberPhases must be 1..3");
            }
        }
        return Optional.empty();
    }
}
