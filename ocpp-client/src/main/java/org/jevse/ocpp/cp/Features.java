package org.jevse.ocpp.cp;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.LongSupplier;
import org.jevse.board.time.Scheduler;
import org.jevse.ocpp.config.ConfigKey;
import org.jevse.ocpp.config.Configuration;
import org.jevse.ocpp.localauth.AuthorizationCache;
import org.jevse.ocpp.localauth.Authorizer;
import org.jevse.ocpp.localauth.LocalAuthList;
import org.jevse.ocpp.localauth.LocalListConfig;
import org.jevse.ocpp.session.Operation;
import org.jevse.ocpp.smartcharging.ConnectorPhases;
import org.jevse.ocpp.smartcharging.PhaseLimit;
import org.jevse.ocpp.smartcharging.ProfileStore;
import org.jevse.ocpp.smartcharging.SmartChargingConfig;
import org.jevse.ocpp.store.AvailabilityStore;
import org.jevse.ocpp.store.TransactionStore;

/**
 * The LocalAuthListManagement, SmartCharging and Reservation profiles: their keys, their operations, their persistent
 * state under the data directory, and the limit the composite schedule imposes. The integrator opens their
 * {@link Stores} and hands a {@link Setup} to the {@link ChargePoint}'s constructor, which builds them over its core
 * services.
 */
public final class Features {
    /**
     * SupportedFeatureProfiles with everything a {@link Setup} builds and
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
     * The keys of the profiles a {@link Setup} builds: the authorization cache's and the local list's
     * ({@link LocalAuthorization#listKeys}), smart charging's ({@link ProfileOperations#smartChargingKeys}).
     */
    public static List<ConfigKey> keys(LocalListConfig list, SmartChargingConfig sc, boolean switch3to1InTransaction) {
        List<ConfigKey> k = new ArrayList<>(LocalAuthorization.listKeys(list));
        k.addAll(ProfileOperations.smartChargingKeys(sc, switch3to1InTransaction));
        return k;
    }

    /**
     * The profiles' state, opened from files under a data directory before the {@link ChargePoint} is built (so
     * that building it does no I/O): the local list, the authorization cache, the charging profiles and the saved
     * reservations.
     */
    public record Stores(Path dir, LocalAuthList list, AuthorizationCache cache, ProfileStore profiles,
                         List<Reservations.Reservation> reservations) {
    }

    /** Opens the local list, the cache, the profile store and the reservations under {@code dir}. */
    public static Stores open(Path dir, LocalListConfig listConfig, SmartChargingConfig sc, int cacheCapacity)
            throws IOException {
        return new Stores(dir, LocalAuthList.open(dir.resolve("local-list.json"), listConfig),
                AuthorizationCache.open(dir.resolve("auth-cache.json"), cacheCapacity),
                ProfileStore.open(dir.resolve("charging-profiles.json"), sc),
                Reservations.read(dir.resolve("reservations.json")));
    }

    /**
     * What the {@link ChargePoint} is built with to carry these profiles.
     *
     * @param fixedList the integrator's own tags, consulted offline ({@link LocalAuthorization.FixedList}), or null
     * @param phases the phases connector 1 uses now and can switch to now (asked at every evaluation; call
     *     {@link Installed#reevaluateLimit} when it changes)
     * @param limit gets connector 1's OCPP limit ({@link ProfileStore#limitAt}: A per phase on the phases in use,
     *     infinite = no limit, and the phases the limits allow) whenever it changes
     */
    public record Setup(Stores stores, LocalAuthorization.FixedList fixedList, Supplier<ConnectorPhases> phases,
                        Consumer<PhaseLimit> limit) {
    }

    /** The core services the profiles work with, handed over by the {@link ChargePoint} that builds them. */
    record Core(int connectors, Configuration config, Scheduler sched, TransactionStore store,
                AvailabilityStore availability, StatusService status, TransactionService transactions,
                BootService boot, AuthorizeCall authorize) {
    }

    /** What the {@link ChargePoint} built from a {@link Setup}. */
    public record Installed(LocalAuthorization authorization, ProfileStore profiles, Runnable reevaluateLimit,
                            Reservations reservations) {
        /** A transaction is starting for {@code idTag}: the reservation it fulfils (and so ends), or null. */
        public Integer transactionStarting(int connectorId, String idTag) {
            return authorization.transactionStarting(connectorId, idTag);
        }
    }

    /**
     * Builds the profiles over {@code core}, hands their operations to {@code register} (RemoteStartTransaction is
     * the {@link ChargePoint}'s, built with the returned authorization and profiles) and starts the limit's
     * evaluation.
     */
    static Installed build(Setup setup, Core core, Consumer<Operation<?, ?>> register) {
        Stores st = setup.stores();
        Reservations reservations = new Reservations(core, st.dir().resolve("reservations.json"), st.reservations());
        LocalAuthorization auth = new LocalAuthorization(core, new Authorizer(st.list(), st.cache()), reservations,
                setup.fixedList());
        Configuration config = core.config();
        ProfileOperations.localList(st.list(), () -> config.getBool(LocalAuthorization.LOCAL_AUTH_LIST_ENABLED))
                .forEach(register);
        register.accept(new ClearCache(() -> ProfileOperations.clear(st.cache())));
        ProfileStore profiles = st.profiles();
        Scheduler s = core.sched();
        LongSupplier csmsNow = core.boot()::csmsNowMs;
        PhaseLimit[] last = {null};
        Runnable reevaluate = () -> s.submit(() -> {
            PhaseLimit l = profiles.limitAt(Instant.ofEpochMilli(csmsNow.getAsLong()), 1,
                    ProfileOperations.activeTransaction(core.store(), csmsNow, 1).map(t -> t.start()),
                    setup.phases().get());
            if (!l.equals(last[0])) {
                last[0] = l;
                setup.limit().accept(l);
            }
        });
        ProfileOperations.smartCharging(core.store(), csmsNow, profiles, reevaluate, setup.phases()).forEach(register);
        Runnable[] tick = new Runnable[1];
        tick[0] = () -> {
            reevaluate.run();
            s.schedule(LIMIT_PERIOD_MS, tick[0]);
        };
        s.submit(tick[0]);
        ReservationOperations.of(reservations).forEach(register);
        return new Installed(auth, profiles, reevaluate, reservations);
    }
}
