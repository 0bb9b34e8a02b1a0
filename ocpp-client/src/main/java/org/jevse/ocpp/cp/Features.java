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
    /**
     * SupportedFeatureProfiles with everything {@link #install} sets up and
     * {@link org.jevse.ocpp.firmware.FirmwareManagement#install}.
     */
    public static final String PROFILES = "Core,LocalAuthListManagement,SmartCharging,RemoteTrigger,Reservation,FirmwareManagement";
    /** Entries the Authorization Cache keeps (least recently used ones go first). */
    public static final int AUTHORIZATION_CACHE_CAPACITY = 1_000;
    /**
     * How often the composite limit is re-evaluated besides every profile change. OCPP 1.6 §3.13.3: a schedule's
     * periods and its duration are whole seconds, so evaluating every second applies each boundary (a step, a
     * schedule's end, a Local Controller's lease running out) within a second of it; an evaluation is a walk over
     * the few installed profiles.
     */
    static final long LIMIT_PERIOD_MS = 1_000;

    private Features() {
    }

    /**
     * The keys of the profiles {@link #install} sets up: the authorization cache's and the local list's
     * ({@link LocalAuthorization#listKeys}), smart charging's ({@link ProfileOperations#smartChargingKeys}).
     */
    public static List<ConfigKey> keys(LocalListConfig list, SmartChargingConfig sc, boolean switch3to1InTransaction) {
        List<ConfigKey> k = new ArrayList<>(LocalAuthorization.listKeys(list));
        k.addAll(ProfileOperations.smartChargingKeys(sc, switch3to1InTransaction));
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
        for (var op : ProfileOperations.localList(list, () -> cp.config().getBool(LocalAuthorization.LOCAL_AUTH_LIST_ENABLED))) {
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
