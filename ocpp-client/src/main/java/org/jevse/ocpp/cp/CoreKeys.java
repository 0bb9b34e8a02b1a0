package org.jevse.ocpp.cp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jevse.ocpp.config.ConfigKey;
import org.jevse.ocpp.config.StandardKeys;

/**
 * The configuration keys of every {@link ChargePoint}: the union of what its services declare (each owns its keys,
 * docs/ocpp.md "Services") and the charge point's own ({@link StandardKeys}). The optional profiles add theirs
 * ({@link Features#keys}, {@code CertificateManagement.keys}).
 */
public final class CoreKeys {
    private CoreKeys() {
    }

    /**
     * @param connectionTimeoutS the charger's own plug-in-to-authorization timeout (fixed by its configuration)
     * @param profiles           the value of SupportedFeatureProfiles
     * @param cable              how the cable is attached
     */
    public static List<ConfigKey> of(int connectors, int connectionTimeoutS, String profiles,
                                     StandardKeys.Cable cable) {
        List<ConfigKey> k = new ArrayList<>(StandardKeys.chargePoint(connectors, connectionTimeoutS, profiles, cable));
        k.addAll(BootService.keys());
        k.addAll(StatusService.keys());
        k.addAll(MeteringService.keys());
        k.addAll(TransactionService.keys());
        k.addAll(LocalAuthorization.coreKeys());
        k.addAll(GetConfiguration.keys());
        k.addAll(Reset.keys());
        k.addAll(Reservations.keys(Arrays.asList(profiles.split(",")).contains("Reservation")));
        k.addAll(Security.keys());
        return k;
    }
}
