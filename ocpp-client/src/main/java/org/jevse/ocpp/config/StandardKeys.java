package org.jevse.ocpp.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The configuration keys that belong to the charge point as a whole rather than to one service: they describe the
 * hardware and the charger's core (connectors, cable, phase rotation, the indicator, the connection timeout, what
 * the core does when the EV leaves), the profiles supported, the transport (WebSocketPingInterval, read by the
 * integrator who builds the transport) and the operator (CpoName, Security Whitepaper ed. 2 §7.1: set by the Central
 * System whether or not certificate management runs). No service of the client acts on them; every other key is
 * declared by the service that owns it ({@code org.jevse.ocpp.cp.CoreKeys} puts them together).
 */
public final class StandardKeys {
    private StandardKeys() {
    }

    public static final String BLINK_REPEAT = "BlinkRepeat";
    public static final String CONNECTION_TIME_OUT = "ConnectionTimeOut";
    public static final String CONNECTOR_PHASE_ROTATION = "ConnectorPhaseRotation";
    public static final String CONNECTOR_PHASE_ROTATION_MAX_LENGTH = "ConnectorPhaseRotationMaxLength";
    public static final String CPO_NAME = "CpoName";
    public static final String LIGHT_INTENSITY = "LightIntensity";
    public static final String NUMBER_OF_CONNECTORS = "NumberOfConnectors";
    public static final String STOP_TRANSACTION_ON_EV_SIDE_DISCONNECT = "StopTransactionOnEVSideDisconnect";
    public static final String SUPPORTED_FEATURE_PROFILES = "SupportedFeatureProfiles";
    public static final String SUPPORTED_FEATURE_PROFILES_MAX_LENGTH = "SupportedFeatureProfilesMaxLength";
    public static final String UNLOCK_CONNECTOR_ON_EV_SIDE_DISCONNECT = "UnlockConnectorOnEVSideDisconnect";
    public static final String WEB_SOCKET_PING_INTERVAL = "WebSocketPingInterval";

    /** How the EV's cable is attached to the charge point. */
    public enum Cable {
        /** A cable fixed to the charge point (tethered): nothing to unlock on the charge point's side. */
        FIXED,
        /** A socket: the cable can be unplugged, and is held by a lock if one is fitted. */
        SOCKET
    }

    private static final String PHASE_ROTATION = "\\d{1,2}\\.(NotApplicable|Unknown|RST|RTS|SRT|STR|TRS|TSR)";

    /**
     * The charge point's own keys (OCPP 1.6 §9.1.4, §9.1.6-8, §9.1.11, §9.1.21, §9.1.23, §9.1.29-30, §9.1.33-34).
     *
     * @param connectionTimeoutS the charger's own plug-in-to-authorization timeout (fixed by its configuration)
     * @param profiles           the value of SupportedFeatureProfiles
     * @param cable              how the cable is attached (UnlockConnectorOnEVSideDisconnect follows from it)
     */
    public static List<ConfigKey> chargePoint(int connectors, int connectionTimeoutS, String profiles, Cable cable) {
        List<ConfigKey> k = new ArrayList<>();
        // Indicator settings are kept for a status light the integrator's board may drive.
        k.add(ConfigKey.integer(BLINK_REPEAT, false, 3, 0, 100));
        // The core's connection timeout comes from auth.connection_timeout_s and cannot change while it runs.
        k.add(ConfigKey.integer(CONNECTION_TIME_OUT, true, connectionTimeoutS, 0, 86_400));
        k.add(ConfigKey.csl(CONNECTOR_PHASE_ROTATION, false, "0.Unknown", Set.of(), connectors + 1)
                .withPattern(PHASE_ROTATION));
        k.add(ConfigKey.integer(CONNECTOR_PHASE_ROTATION_MAX_LENGTH, true, connectors + 1, 0, 100));
        k.add(ConfigKey.string(CPO_NAME, false, ""));
        k.add(ConfigKey.integer(LIGHT_INTENSITY, false, 100, 0, 100));
        k.add(ConfigKey.integer(NUMBER_OF_CONNECTORS, true, connectors, 1, 100));
        // The core always ends the transaction and unlocks when the EV leaves: only "true" is a truthful value.
        k.add(ConfigKey.csl(STOP_TRANSACTION_ON_EV_SIDE_DISCONNECT, false, "true", Set.of("true"), 1));
        k.add(ConfigKey.csl(SUPPORTED_FEATURE_PROFILES, true, profiles, Set.of(), 6));
        k.add(ConfigKey.integer(SUPPORTED_FEATURE_PROFILES_MAX_LENGTH, true, 6, 0, 100));
        if (cable == Cable.FIXED) {
            // Errata 3.83: a charge point with a fixed cable SHALL always report false and not allow a change.
            k.add(ConfigKey.bool(UNLOCK_CONNECTOR_ON_EV_SIDE_DISCONNECT, true, false));
        } else {
            // The core unlocks (if a lock is fitted) whenever the EV leaves: only "true" is a truthful value.
            k.add(ConfigKey.csl(UNLOCK_CONNECTOR_ON_EV_SIDE_DISCONNECT, false, "true", Set.of("true"), 1));
        }
        k.add(ConfigKey.integer(WEB_SOCKET_PING_INTERVAL, false, 60, 0, 3_600));
        return k;
    }
}
