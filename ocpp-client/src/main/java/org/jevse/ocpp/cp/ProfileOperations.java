package org.jevse.ocpp.cp;

import org.jevse.ocpp.smartcharging.SmartChargingConfig;
import org.jevse.ocpp.config.ConfigKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jevse.ocpp.session.Operation;
import org.jevse.ocpp.localauth.AuthorizationCache;
import org.jevse.ocpp.localauth.LocalAuthList;
import org.jevse.ocpp.smartcharging.ActiveTransaction;
import org.jevse.ocpp.smartcharging.ConnectorPhases;
import org.jevse.ocpp.smartcharging.InvalidConnectorException;
import org.jevse.ocpp.smartcharging.ProfileStore;
import org.jevse.ocpp.store.TransactionStore;
import org.jevse.ocpp.v16.ClearChargingProfileRequest;
import org.jevse.ocpp.v16.ClearChargingProfileResponse;
import org.jevse.ocpp.v16.GetCompositeScheduleRequest;
import org.jevse.ocpp.v16.GetCompositeScheduleResponse;
import org.jevse.ocpp.v16.GetCompositeScheduleStatus;
import org.jevse.ocpp.v16.GetLocalListVersionRequest;
import org.jevse.ocpp.v16.GetLocalListVersionResponse;
import org.jevse.ocpp.v16.SendLocalListRequest;
import org.jevse.ocpp.v16.SendLocalListResponse;
import org.jevse.ocpp.v16.SetChargingProfileRequest;
import org.jevse.ocpp.v16.SetChargingProfileResponse;
import org.jevse.ocpp.v16.SetChargingProfileStatus;

/**
 * The CSMS operations of the SmartCharging and LocalAuthListManagement profiles, as thin adapters over the
 * profile store, the local list and the cache (org.jevse.ocpp.smartcharging / .localauth).
 */
public final class ProfileOperations {
    public static final String CHARGE_PROFILE_MAX_STACK_LEVEL = "ChargeProfileMaxStackLevel";
    public static final String CHARGING_SCHEDULE_ALLOWED_CHARGING_RATE_UNIT = "ChargingScheduleAllowedChargingRateUnit";
    public static final String CHARGING_SCHEDULE_MAX_PERIODS = "ChargingScheduleMaxPeriods";
    public static final String MAX_CHARGING_PROFILES_INSTALLED = "MaxChargingProfilesInstalled";
    public static final String CONNECTOR_SWITCH_3_TO_1 = "ConnectorSwitch3to1PhaseSupported";

    private ProfileOperations() {
    }

    /**
     * The SmartCharging profile's keys (OCPP 1.6 §9.4), read-only: they describe the profile store's limits.
     *
     * @param switch3to1InTransaction ConnectorSwitch3to1PhaseSupported: the charger switches to 1 phase during a
     *     transaction when the limits in force allow only 1
     */
    public static List<ConfigKey> smartChargingKeys(SmartChargingConfig sc, boolean switch3to1InTransaction) {
        return List.of(ConfigKey.integer(CHARGE_PROFILE_MAX_STACK_LEVEL, true, sc.chargeProfileMaxStackLevel(), 0, 1000),
                ConfigKey.csl(CHARGING_SCHEDULE_ALLOWED_CHARGING_RATE_UNIT, true, sc.allowedUnitsCsl(),
                        java.util.Set.of(), 2),
                ConfigKey.integer(CHARGING_SCHEDULE_MAX_PERIODS, true, sc.chargingScheduleMaxPeriods(), 0, 1000),
                ConfigKey.integer(MAX_CHARGING_PROFILES_INSTALLED, true, sc.maxChargingProfilesInstalled(), 0, 1000),
                ConfigKey.bool(CONNECTOR_SWITCH_3_TO_1, true, switch3to1InTransaction));
    }

    /** The transaction on a connector as the profile store needs it, if one runs. */
    static Optional<ActiveTransaction> activeTransaction(TransactionStore store, java.util.function.LongSupplier csmsNow,
                                                        int connectorId) {
        if (connectorId < 1) {
            return Optional.empty();
        }
        TransactionStore.Active a = store.active(connectorId);
        if (a == null) {
            return Optional.empty();
        }
        Instant start;
        try {
            start = Instant.parse(a.startTime());
        } catch (RuntimeException e) {
            start = Instant.ofEpochMilli(csmsNow.getAsLong());
        }
        return Optional.of(new ActiveTransaction(store.csmsTransactionId(a.localTx()), start));
    }

    /**
     * SetChargingProfile, ClearChargingProfile and GetCompositeSchedule; {@code changed} runs after every
     * change of the installed profiles (the caller re-evaluates the limit); {@code phases}: what the connectors
     * can switch to now, as for the limit, so that the composite and the limit agree.
     */
    static List<Operation<?, ?>> smartCharging(TransactionStore store, java.util.function.LongSupplier csmsNow,
            ProfileStore profiles, Runnable changed,
            java.util.function.Supplier<ConnectorPhases> phases) {
        return List.of(
                new Op<>("SetChargingProfile", SetChargingProfileRequest.class, q -> {
                    SetChargingProfileStatus s;
                    try {
                        s = profiles.set(q, activeTransaction(store, csmsNow, q.connectorId()));
                    } catch (InvalidConnectorException e) {
                        s = SetChargingProfileStatus.Rejected;
                    }
                    if (s == SetChargingProfileStatus.Accepted) {
                        changed.run();
                    }
                    return new SetChargingProfileResponse(s);
                }),
                new Op<>("ClearChargingProfile", ClearChargingProfileRequest.class, q -> {
                    ClearChargingProfileResponse r = new ClearChargingProfileResponse(profiles.clear(q));
                    changed.run();
                    return r;
                }),
                new Op<>("GetCompositeSchedule", GetCompositeScheduleRequest.class, q -> {
                    try {
                        return profiles.compositeSchedule(q, Instant.ofEpochMilli(csmsNow.getAsLong()),
                                c -> activeTransaction(store, csmsNow, c).map(ActiveTransaction::start), phases.get());
                    } catch (InvalidConnectorException e) {
                        return new GetCompositeScheduleResponse(GetCompositeScheduleStatus.Rejected, null, null, null);
                    }
                }));
    }

    /** SendLocalList and GetLocalListVersion. */
    public static List<Operation<?, ?>> localList(LocalAuthList list, java.util.function.BooleanSupplier enabled) {
        return List.of(
                new Op<>("SendLocalList", SendLocalListRequest.class,
                        q -> new SendLocalListResponse(list.update(q))),
                new Op<>("GetLocalListVersion", GetLocalListVersionRequest.class,
                        // OCPP 1.6 §5.10: 0 = empty list, -1 = local authorization list disabled.
                        q -> new GetLocalListVersionResponse(enabled.getAsBoolean() ? list.version() : -1)));
    }

    /** ClearCache support for {@link Features}. */
    public static boolean clear(AuthorizationCache cache) {
        return cache.clear() == org.jevse.ocpp.v16.ClearCacheStatus.Accepted;
    }

    /** A small operation made of a lambda. */
    private record Op<Q, R>(String action, Class<Q> requestType, Handler<Q, R> handler) implements Operation<Q, R> {
        @Override
        public R handle(Q request) {
            return handler.handle(request);
        }
    }

    @FunctionalInterface
    private interface Handler<Q, R> {
        R handle(Q request);
    }
}
