package org.jevse.evse.app.ocpp;

import java.util.ArrayList;
import java.util.List;
import org.jevse.board.port.ConnectorType;
import org.jevse.board.port.HardwareCapabilities;
import org.jevse.config.JevseConfig;
import org.jevse.config.OcppConfig;
import org.jevse.ocpp.config.ConfigKey;
import org.jevse.ocpp.config.StandardKeys;
import org.jevse.ocpp.cp.CoreKeys;
import org.jevse.ocpp.cp.Features;
import org.jevse.ocpp.localauth.LocalListConfig;
import org.jevse.ocpp.security.ops.CertificateManagement;
import org.jevse.ocpp.smartcharging.SmartChargingConfig;

/**
 * The OCPP configuration keys of the charger: the union of what the client's services declare (the Core profile's,
 * the features', the certificates') and jevse's own vendor keys, its settings readable (and where sensible
 * writable) through OCPP.
 */
final class OcppKeys {
    static final String CSMS_URI = "JevseCentralSystemUri";
    static final String CHARGE_POINT_ID = "JevseChargePointId";
    static final String DRAIN_GRACE = "JevseDrainGraceSeconds";
    static final String QUEUE_BOUND = "JevseQueueBound";

    private OcppKeys() {
    }

    static List<ConfigKey> of(JevseConfig cfg, HardwareCapabilities caps, LocalListConfig listConfig,
                              SmartChargingConfig scConfig) {
        OcppConfig ocpp = cfg.ocpp();
        List<ConfigKey> defs = new ArrayList<>(CoreKeys.of(1, cfg.auth().connectionTimeoutS(), Features.PROFILES,
                caps.connectorType() == ConnectorType.TETHERED_CABLE ? StandardKeys.Cable.FIXED
                        : StandardKeys.Cable.SOCKET));
        // The core switches phases during a session only where the board allows it (ChargerLimit asks it to).
        defs.addAll(Features.keys(listConfig, scConfig, caps.canSwitchPhases() && caps.minPhases() == 1
                && caps.maxPhases() == 3 && caps.supportsChangingPhasesWhileCharging()));
        defs.add(ConfigKey.string(CSMS_URI, false, ocpp.centralSystemUri()).rebootRequired()
                .withRule((old, neu) -> neu.startsWith("ws://") || neu.startsWith("wss://")));
        defs.add(ConfigKey.string(CHARGE_POINT_ID, true, ocpp.chargePointId()));
        defs.add(ConfigKey.integer(DRAIN_GRACE, false, ocpp.drainGraceS(), 0, 3600));
        defs.add(ConfigKey.integer(QUEUE_BOUND, true, ocpp.queueBound(), 100, 1_000_000));
        // Security Whitepaper §7.1/§7.4: room for 20 roots; a new CSMS root need not be signed by the old one.
        defs.addAll(CertificateManagement.keys(20, false));
        return defs;
    }
}
