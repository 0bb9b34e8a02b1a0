package org.jevse.ocpp.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The OCPP 1.6 standard configuration keys (OCPP 1.6 §9.1–§9.4, Security Whitepaper §3) that this client
 * implements, with their types, access and defaults. Keys of profiles that are not implemented are absent, so
 * ChangeConfiguration answers NotSupported for them and GetConfiguration lists them as unknown: that is the truth.
 */
public final class StandardKeys {
    private StandardKeys() {
    }

    public static final String ALLOW_OFFLINE_TX_FOR_UNKNOWN_ID = "AllowOfflineTxForUnknownId";
    public static final String AUTHORIZATION_CACHE_ENABLED = "AuthorizationCacheEnabled";
    public static final String AUTHORIZE_REMOTE_TX_REQUESTS = "AuthorizeRemoteTxRequests";
    public static final String CLOCK_ALIGNED_DATA_INTERVAL = "ClockAlignedDataInterval";
    public static final String CONNECTION_TIME_OUT = "ConnectionTimeOut";
    public static final String CONNECTOR_PHASE_ROTATION = "ConnectorPhaseRotation";
    public static final String CONNECTOR_PHASE_ROTATION_MAX_LENGTH = "ConnectorPhaseRotationMaxLength";
    public static final String GET_CONFIGURATION_MAX_KEYS = "GetConfigurationMaxKeys";
    public static final String HEARTBEAT_INTERVAL = "HeartbeatInterval";
    public static final String LOCAL_AUTHORIZE_OFFLINE = "LocalAuthorizeOffline";
    public static final String LOCAL_PRE_AUTHORIZE = "LocalPreAuthorize";
    public static final String METER_VALUES_ALIGNED_DATA = "MeterValuesAlignedData";
    public static final String METER_VALUES_ALIGNED_DATA_MAX_LENGTH = "MeterValuesAlignedDataMaxLength";
    public static final String METER_VALUES_SAMPLED_DATA = "MeterValuesSampledData";
    public static final String METER_VALUES_SAMPLED_DATA_MAX_LENGTH = "MeterValuesSampledDataMaxLength";
    public static final String METER_VALUE_SAMPLE_INTERVAL = "MeterValueSampleInterval";
    public static final String MINIMUM_STATUS_DURATION = "MinimumStatusDuration";
    public static final String NUMBER_OF_CONNECTORS = "NumberOfConnectors";
    public static final String RESET_RETRIES = "ResetRetries";
    public static final String STOP_TRANSACTION_ON_EV_SIDE_DISCONNECT = "StopTransactionOnEVSideDisconnect";
    public static final String STOP_TRANSACTION_ON_INVALID_ID = "StopTransactionOnInvalidId";
    public static final String STOP_TXN_ALIGNED_DATA = "StopTxnAlignedData";
    public static final String STOP_TXN_ALIGNED_DATA_MAX_LENGTH = "StopTxnAlignedDataMaxLength";
    public static final String STOP_TXN_SAMPLED_DATA = "StopTxnSampledData";
    public static final String STOP_TXN_SAMPLED_DATA_MAX_LENGTH = "StopTxnSampledDataMaxLength";
    public static final String SUPPORTED_FEATURE_PROFILES = "SupportedFeatureProfiles";
    public static final String SUPPORTED_FEATURE_PROFILES_MAX_LENGTH = "SupportedFeatureProfilesMaxLength";
    public static final String TRANSACTION_MESSAGE_ATTEMPTS = "TransactionMessageAttempts";
    public static final String TRANSACTION_MESSAGE_RETRY_INTERVAL = "TransactionMessageRetryInterval";
    public static final String UNLOCK_CONNECTOR_ON_EV_SIDE_DISCONNECT = "UnlockConnectorOnEVSideDisconnect";
    public static final String WEB_SOCKET_PING_INTERVAL = "WebSocketPingInterval";
    public static final String RESERVE_CONNECTOR_ZERO_SUPPORTED = "ReserveConnectorZeroSupported";
    public static final String SECURITY_PROFILE = "SecurityProfile";
    public static final String AUTHORIZATION_KEY = "AuthorizationKey";
    public static final String CPO_NAME = "CpoName";
    public static final String BLINK_REPEAT = "BlinkRepeat";
    public static final String LIGHT_INTENSITY = "LightIntensity";
    public static final String MAX_ENERGY_ON_INVALID_ID = "MaxEnergyOnInvalidId";

    /** The measurands a powermeter of this charger delivers (energy, power, current and voltage per phase). */
    public static final Set<String> MEASURANDS = Set.of("Energy.Active.Import.Register", "Power.Active.Import",
            "Current.Import", "Voltage", "Current.Offered");

    /** The value of GetConfigurationMaxKeys. */
    public static final int MAX_KEYS = 50;

    /** How the EV's cable is attached to the charge point. */
    public enum Cable {
        /** A cable fixed to the charge point (tethered): nothing to unlock on the charge point's side. */
        FIXED,
        /** A socket: the cable can be unplugged, and is held by a lock if one is fitted. */
        SOCKET
    }

    private static final String PHASE_ROTATION = "\\d{1,2}\\.(NotApplicable|Unknown|RST|RTS|SRT|STR|TRS|TSR)";

    /**
     * The keys of the Core and RemoteTrigger profiles plus the security keys.
     *
     * @param connectionTimeoutS the charger's own plug-in-to-authorization timeout (fixed by its configuration)
     * @param profiles           the value of SupportedFeatureProfiles
     * @param cable              how the cable is attached (UnlockConnectorOnEVSideDisconnect follows from it)
     */
    public static List<ConfigKey> core(int connectors, int connectionTimeoutS, String profiles, Cable cable) {
        List<ConfigKey> k = new ArrayList<>();
        k.add(ConfigKey.bool(ALLOW_OFFLINE_TX_FOR_UNKNOWN_ID, false, false));
        k.add(ConfigKey.bool(AUTHORIZE_REMOTE_TX_REQUESTS, false, true));
        // Indicator settings are kept for a status light the integrator's board may drive.
        k.add(ConfigKey.integer(BLINK_REPEAT, false, 3, 0, 100));
        k.add(ConfigKey.integer(CLOCK_ALIGNED_DATA_INTERVAL, false, 0, 0, 86_400));
        // The core's connection timeout comes from auth.connection_timeout_s and cannot change while it runs.
        k.add(ConfigKey.integer(CONNECTION_TIME_OUT, true, connectionTimeoutS, 0, 86_400));
        k.add(ConfigKey.csl(CONNECTOR_PHASE_ROTATION, false, "0.Unknown", Set.of(), connectors + 1)
                .withPattern(PHASE_ROTATION));
        k.add(ConfigKey.integer(CONNECTOR_PHASE_ROTATION_MAX_LENGTH, true, connectors + 1, 0, 100));
        k.add(ConfigKey.integer(GET_CONFIGURATION_MAX_KEYS, true, MAX_KEYS, 1, 1000));
        k.add(ConfigKey.integer(HEARTBEAT_INTERVAL, false, 300, 0, 604_800));
        k.add(ConfigKey.integer(LIGHT_INTENSITY, false, 100, 0, 100));
        k.add(ConfigKey.bool(LOCAL_AUTHORIZE_OFFLINE, false, true));
        k.add(ConfigKey.bool(LOCAL_PRE_AUTHORIZE, false, false));
        k.add(ConfigKey.csl(METER_VALUES_ALIGNED_DATA, false, "Energy.Active.Import.Register", MEASURANDS, 5));
        k.add(ConfigKey.integer(METER_VALUES_ALIGNED_DATA_MAX_LENGTH, true, 5, 0, 100));
        k.add(ConfigKey.csl(METER_VALUES_SAMPLED_DATA, false, "Energy.Active.Import.Register,Power.Active.Import",
                MEASURANDS, 5));
        k.add(ConfigKey.integer(METER_VALUES_SAMPLED_DATA_MAX_LENGTH, true, 5, 0, 100));
        k.add(ConfigKey.integer(METER_VALUE_SAMPLE_INTERVAL, false, 60, 0, 86_400));
        // With StopTransactionOnInvalidId false: the energy (Wh) a refused tag may still take; 0 = no cap.
        k.add(ConfigKey.integer(MAX_ENERGY_ON_INVALID_ID, false, 0, 0, 1_000_000_000));
        k.add(ConfigKey.integer(MINIMUM_STATUS_DURATION, false, 0, 0, 3_600));
        k.add(ConfigKey.integer(NUMBER_OF_CONNECTORS, true, connectors, 1, 100));
        k.add(ConfigKey.integer(RESET_RETRIES, false, 1, 0, 10));
        // The core always ends the transaction and unlocks when the EV leaves: only "true" is a truthful value.
        k.add(ConfigKey.csl(STOP_TRANSACTION_ON_EV_SIDE_DISCONNECT, false, "true", Set.of("true"), 1));
        k.add(ConfigKey.bool(STOP_TRANSACTION_ON_INVALID_ID, false, true));
        k.add(ConfigKey.csl(STOP_TXN_ALIGNED_DATA, false, "", MEASURANDS, 5));
        k.add(ConfigKey.integer(STOP_TXN_ALIGNED_DATA_MAX_LENGTH, true, 5, 0, 100));
        k.add(ConfigKey.csl(STOP_TXN_SAMPLED_DATA, false, "", MEASURANDS, 5));
        k.add(ConfigKey.integer(STOP_TXN_SAMPLED_DATA_MAX_LENGTH, true, 5, 0, 100));
        k.add(ConfigKey.csl(SUPPORTED_FEATURE_PROFILES, true, profiles, Set.of(), 6));
        k.add(ConfigKey.integer(SUPPORTED_FEATURE_PROFILES_MAX_LENGTH, true, 6, 0, 100));
        k.add(ConfigKey.integer(TRANSACTION_MESSAGE_ATTEMPTS, false, 3, 1, 100));
        k.add(ConfigKey.integer(TRANSACTION_MESSAGE_RETRY_INTERVAL, false, 60, 0, 86_400));
        if (cable == Cable.FIXED) {
            // Errata 3.83: a charge point with a fixed cable SHALL always report false and not allow a change.
            k.add(ConfigKey.bool(UNLOCK_CONNECTOR_ON_EV_SIDE_DISCONNECT, true, false));
        } else {
            // The core unlocks (if a lock is fitted) whenever the EV leaves: only "true" is a truthful value.
            k.add(ConfigKey.csl(UNLOCK_CONNECTOR_ON_EV_SIDE_DISCONNECT, false, "true", Set.of("true"), 1));
        }
        k.add(ConfigKey.integer(WEB_SOCKET_PING_INTERVAL, false, 60, 0, 3_600));
        // Connector 0 can be reserved whenever the Reservation profile is there.
        k.add(ConfigKey.bool(RESERVE_CONNECTOR_ZERO_SUPPORTED, true,
                java.util.Arrays.asList(profiles.split(",")).contains("Reservation")));
        // Security Whitepaper: the profile may only be raised; the key is write-only and takes effect on reconnect.
        k.add(ConfigKey.integer(SECURITY_PROFILE, false, 0, 0, 3)
                .withRule((old, neu) -> Long.parseLong(neu) >= Long.parseLong(old)));
        k.add(new ConfigKey(AUTHORIZATION_KEY, ConfigKey.Type.STRING, false, "", Set.of(), null, 0, 0, 0, true, false,
                (old, neu) -> neu.length() >= 8 && neu.length() <= 40));
        k.add(ConfigKey.string(CPO_NAME, false, ""));
        return k;
    }
}
