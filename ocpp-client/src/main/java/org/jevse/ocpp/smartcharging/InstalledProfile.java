package org.jevse.ocpp.smartcharging;

import java.util.Objects;
import org.jevse.ocpp.v16.ChargingProfile;

/** A charging profile as installed by SetChargingProfile.req or RemoteStartTransaction.req, with its connector. */
public record InstalledProfile(int connectorId, ChargingProfile profile) {
    public InstalledProfile {
        Objects.requireNonNull(profile, "profile");
    }
}
