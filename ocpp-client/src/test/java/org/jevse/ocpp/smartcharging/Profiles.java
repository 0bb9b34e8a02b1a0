package org.jevse.ocpp.smartcharging;

import java.util.List;
import org.jevse.ocpp.v16.ChargingProfile;
import org.jevse.ocpp.v16.ChargingProfileKind;
import org.jevse.ocpp.v16.ChargingProfilePurpose;
import org.jevse.ocpp.v16.ChargingRateUnit;
import org.jevse.ocpp.v16.ChargingSchedule;
import org.jevse.ocpp.v16.ChargingSchedulePeriod;
import org.jevse.ocpp.v16.CsChargingProfiles;
import org.jevse.ocpp.v16.RecurrencyKind;
import org.jevse.ocpp.v16.SetChargingProfileRequest;

/** Builders for test profiles. */
final class Profiles {
    private Profiles() {
    }

    static ChargingSchedulePeriod period(int startPeriod, double limit) {
        return new ChargingSchedulePeriod(startPeriod, limit, null);
    }

    static ChargingSchedulePeriod period(int startPeriod, double limit, int phases) {
        return new ChargingSchedulePeriod(startPeriod, limit, phases);
    }

    /** A mutable description turned into wire records by {@link #build} / {@link #request}. */
    static final class B {
        int id;
        Integer transactionId;
        int stackLevel;
        ChargingProfilePurpose purpose;
        ChargingProfileKind kind = ChargingProfileKind.Absolute;
        RecurrencyKind recurrency;
        String validFrom;
        String validTo;
        Integer duration;
        String startSchedule;
        ChargingRateUnit unit = ChargingRateUnit.A;
        List<ChargingSchedulePeriod> periods = List.of(period(0, 16));

        B(int id, int stackLevel, ChargingProfilePurpose purpose) {
            this.id = id;
            this.stackLevel = stackLevel;
            this.purpose = purpose;
        }

        B absolute(String startSchedule) {
            kind = ChargingProfileKind.Absolute;
            this.startSchedule = startSchedule;
            return this;
        }

        B relative() {
            kind = ChargingProfileKind.Relative;
            startSchedule = null;
            return this;
        }

        B recurring(RecurrencyKind r, String startSchedule) {
            kind = ChargingProfileKind.Recurring;
            recurrency = r;
            this.startSchedule = startSchedule;
            return this;
        }

        B valid(String from, String to) {
            validFrom = from;
            validTo = to;
            return this;
        }

        B duration(Integer seconds) {
            duration = seconds;
            return this;
        }

        B unit(ChargingRateUnit u) {
            unit = u;
            return this;
        }

        B tx(Integer transactionId) {
            this.transactionId = transactionId;
            return this;
        }

        B periods(ChargingSchedulePeriod... p) {
            periods = List.of(p);
            return this;
        }

        ChargingProfile build() {
            return new ChargingProfile(id, transactionId, stackLevel, purpose, kind, recurrency, validFrom, validTo,
                    new ChargingSchedule(duration, startSchedule, unit, periods, null));
        }

        SetChargingProfileRequest request(int connectorId) {
            ChargingProfile p = build();
            return new SetChargingProfileRequest(connectorId, new CsChargingProfiles(p.chargingProfileId(),
                    p.transactionId(), p.stackLevel(), p.chargingProfilePurpose(), p.chargingProfileKind(),
                    p.recurrencyKind(), p.validFrom(), p.validTo(), p.chargingSchedule()));
        }
    }

    static B cpMax(int id, int stackLevel) {
        return new B(id, stackLevel, ChargingProfilePurpose.ChargePointMaxProfile);
    }

    static B txDefault(int id, int stackLevel) {
        return new B(id, stackLevel, ChargingProfilePurpose.TxDefaultProfile);
    }

    static B txProfile(int id, int stackLevel) {
        return new B(id, stackLevel, ChargingProfilePurpose.TxProfile);
    }
}
