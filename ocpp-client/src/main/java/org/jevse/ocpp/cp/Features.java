package org.jevse.ocpp.cp;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jevse.board.time.Scheduler;
import org.jevse.ocpp.config.ConfigKey;
import org.jevse.ocpp.config.StandardKeys;
import org.jevse.ocpp.localauth.AuthorizationCache;
import org.jevse.ocpp.localauth.Authorizer;
import org.jevse.ocpp.localauth.LocalAuthList;
import org.jevse.ocpp.localauth.LocalListConfig;
import org.jevse.ocpp.smartcharging.ConnectorPhases;
import org.jevse.ocpp.smartcharging.PhaseLimit;
import org.jevse.ocpp.smartcharging.ProfileStore;
import org.jevse.ocpp.smartcharging.SmartChargingConfig;

/**
 * The LocalAuthListManagement, SmartCharging and Reservation profiles wired onto a {@link ChargePoint}: their keys, their
 * operations, their persistent state under the data directory, and the limit the composite schedule imposes.
 */
public final class Features {
    public static final String LOCAL_AUTH_LIST_ENABLED = "LocalAuthListEnabled";
    public static final String LOCAL_AUTH_LIST_MAX_LENGTH = "LocalAuthListMaxLength";
    public static final String SEND_LOCAL_LIST_MAX_LENGTH = "SendLocalListMaxLength";
    public static final String CHARGE_PROFILE_MAX_STACK_LEVEL = "ChargeProfileMaxStackLevel";
    public static final String CHARGING_SCHEDULE_ALLOWED_CHARGING_RATE_UNIT = "ChargingScheduleAllowedChargingRateUnit";
    public static final String CHARGING_SCHEDULE_MAX_PERIODS = "ChargingScheduleMaxPeriods";
    public static final String MAX_CHARGING_PROFILES_INSTALLED = "MaxChargingProfilesInstalled";
    public static final String CONNECTOR_SWITCH_3_TO_1 = "ConnectorSwitch3to1PhaseSupported";
    /**
     * SupportedFeatureProfiles with everything {@link #install} sets up and
     * {@link org.jevse.ocpp.firmware.FirmwareManagement#install}.
     */
    public static final String PROFILES = "Core,LocalAuthListManagement,SmartCharging,RemoteTrigger,Reservation,FirmwareManagement";
    /** Entries the Authorization Cache keeps (least recently used ones go first). */
    public static final int AUTHORIZATION_CACHE_CAPACITY = 1_000;
    /** How often the composite limit is re-evaluated (profiles change limits at period boundaries). */
    static final long LIMIT_PERIOD_MS = 10_000;

    private Features() {
    }

    /**
     * The keys of the profiles {@link #install} sets up.
     *
     * @param switch3to1InTransaction ConnectorSwitch3to1PhaseSupported: the charger switches to 1 phase during a
     *     transaction when the limits in force allow only 1
     */
    public static List<ConfigKey> keys(LocalListConfig list, SmartChargingConfig sc, boolean switch3to1InTransaction) {
        List<ConfigKey> k = new ArrayList<>();
        k.add(ConfigKey.bool(StandardKeys.AUTHORIZATION_CACHE_ENABLED, false, true));
        k.add(ConfigKey.bool(LOCAL_AUTH_LIST_ENABLED, false, true));
        k.add(ConfigKey.integer(LOCAL_AUTH_LIST_MAX_LENGTH, true, list.localAuthListMaxLength(), 0, 1_000_000));
        k.add(ConfigKey.integer(SEND_LOCAL_LIST_MAX_LENGTH, true, list.sendLocalListMaxLength(), 0, 1_000_000));
        k.add(ConfigKey.integer(CHARGE_PROFILE_MAX_STACK_LEVEL, true, sc.chargeProfileMaxStackLevel(), 0, 1000));
        k.add(ConfigKey.csl(CHARGING_SCHEDULE_ALLOWED_CHARGING_RATE_UNIT, true, sc.allowedUnitsCsl(),
                java.util.Set.of(), 2));
        k.add(ConfigKey.integer(CHARGING_SCHEDULE_MAX_PERIODS, true, sc.chargingScheduleMaxPeriods(), 0, 1000));
        k.add(ConfigKey.integer(MAX_CHARGING_PROFILES_INSTALLED, true, sc.maxChargingProfilesInstalled(), 0, 1000));
        k.add(ConfigKey.bool(CONNECTOR_SWITCH_3_TO_1, true, switch3to1InTransaction));
        return k;
    }

    /** What {@link #install} set up. */
    public record Installed(LocalAuthorization authorization, ProfileStore profiles, Runnable reevaluateLimit,
                            Reservations reservations) {
        /** A transaction is starting for {@code idTag}: the reservation it fulfils (and so ends), or null. */
        public Integer transactionStarting(int connectorId, String idTag) {
            return authorization.transactionStarting(connectorId, idTag);
        }
    }

    /**
     * Opens the local list, the cache and the profile store under {@code dir}, registers their operations, and
     * sends connector 1's OCPP limit ({@link ProfileStore#limitAt}: A per phase on the phases in use, infinite =
     * no limit, and the phases the limits allow) to {@code limit} whenever it changes.
     *
     * @param fixedList the integrator's own tags, consulted offline ({@link LocalAuthorization.FixedList}), or null
     * @param phases the phases connector 1 uses now and can switch to now (asked at every evaluation; call
     *     {@link Installed#reevaluateLimit} when it changes)
     */
    public static Installed install(ChargePoint cp, Path dir, LocalListConfig listConfig, SmartChargingConfig sc,
                                    int cacheCapacity, LocalAuthorization.FixedList fixedList,
                                    Supplier<ConnectorPhases> phases, Consumer<PhaseLimit> limit)
            throws IOException {
        LocalAuthList list = LocalAuthList.open(dir.resolve("local-list.json"), listConfig);
        AuthorizationCache cache = AuthorizationCache.open(dir.resolve("auth-cache.json"), cacheCapacity);
        Reservations reservations = Reservations.open(cp, dir.resolve("reservations.json"));
        LocalAuthorization auth = new LocalAuthorization(cp, new Authorizer(list, cache), cp.config(), reservations,
                fixedList);
        for (var op : ProfileOperations.localList(list, () -> cp.config().getBool(LOCAL_AUTH_LIST_ENABLED))) {
            cp.register(op);
        }
        cp.register(new ClearCache(() -> ProfileOperations.clear(cache)));
        ProfileStore profiles = ProfileStore.open(dir.resolve("charging-profiles.json"), sc);
        PhaseLimit[] last = {null};
        Runnable reevaluate = () -> cp.scheduler().submit(() -> {
            PhaseLimit l = profiles.limitAt(Instant.ofEpochMilli(cp.csmsNowMs()), 1,
                    ProfileOperations.activeTransaction(cp, 1).map(t -> t.start()), phases.get());
            if (!l.equals(last[0])) {
                last[0] = l;
                limit.accept(l);
            }
        });
        for (var op : ProfileOperations.smartCharging(cp, profiles, reevaluate, phases)) {
            cp.register(op);
        }
        Scheduler s = cp.scheduler();
        Runnable[] tick = new Runnable[1];
        tick[0] = () -> {
            reevaluate.run();
            s.schedule(LIMIT_PERIOD_MS, tick[0]);
        };
        s.submit(tick[0]);
        for (var op : ReservationOperations.of(reservations)) {
            cp.register(op);
        }
        cp.registerRemoteStart(auth, profiles);
        return new Installed(auth, profiles, reevaluate, reservations);
    }
}
