package org.jevse.ocpp.smartcharging;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.jevse.ocpp.security.AtomicFile;
import org.jevse.ocpp.smartcharging.Schedules.Entry;
import org.jevse.ocpp.v16.ChargingProfile;
import org.jevse.ocpp.v16.ChargingProfilePurpose;
import org.jevse.ocpp.v16.ChargingRateUnit;
import org.jevse.ocpp.v16.ChargingSchedule;
import org.jevse.ocpp.v16.ChargingSchedulePeriod;
import org.jevse.ocpp.v16.ClearChargingProfileRequest;
import org.jevse.ocpp.v16.ClearChargingProfileStatus;
import org.jevse.ocpp.v16.CsChargingProfiles;
import org.jevse.ocpp.v16.GetCompositeScheduleRequest;
import org.jevse.ocpp.v16.GetCompositeScheduleResponse;
import org.jevse.ocpp.v16.GetCompositeScheduleStatus;
import org.jevse.ocpp.v16.SetChargingProfileRequest;
import org.jevse.ocpp.v16.SetChargingProfileStatus;

/**
 * The installed charging profiles of a charge point (OCPP 1.6 §3.13, §5.5, §5.7, §5.16): installation rules,
 * clearing, persistence and the composite limit. Every change is written to the file (atomically) before the
 * method returns, so the answer sent to the Central System never claims more than what survives a power cut
 * (errata 3.37: profiles SHALL persist across reboots). Thread-safe.
 */
public final class ProfileStore {
    private static final TypeReference<List<InstalledProfile>> FILE_TYPE = new TypeReference<>() {
    };

    private final Path file;
    private final SmartChargingConfig config;
    private final List<Entry> entries = new ArrayList<>();

    private ProfileStore(Path file, SmartChargingConfig config) {
        this.file = Objects.requireNonNull(file, "file");
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Loads the profiles saved in {@code file} (none if it does not exist yet). */
    public static ProfileStore open(Path file, SmartChargingConfig config) throws IOException {
        ProfileStore store = new ProfileStore(file, config);
        for (InstalledProfile ip : AtomicFile.readJson(file, FILE_TYPE).orElse(List.of())) {
            store.entries.add(Entry.of(ip));
        }
        return store;
    }

    /**
     * SetChargingProfile.req (§5.16).
     *
     * @param activeTransaction the transaction running on the request's connector, if any
     * @throws InvalidConnectorException for a connector that does not exist (errata 3.39: CALLERROR
     *     PropertyConstraintViolation)
     */
    public synchronized SetChargingProfileStatus set(SetChargingProfileRequest request,
            Optional<ActiveTransaction> activeTransaction) {
        return install(request.connectorId(), toProfile(request.csChargingProfiles()), activeTransaction);
    }

    /**
     * Installs the chargingProfile of a RemoteStartTransaction.req for the transaction it starts (§5.16.2: the
     * profile applies to the newly started transaction), or Rejected by {@link ProfileRules#checkForRemoteStart}.
     *
     * @param transaction the transaction about to start (its id still null)
     */
    public synchronized SetChargingProfileStatus setForRemoteStart(int connectorId, ChargingProfile profile,
            ActiveTransaction transaction) {
        if (ProfileRules.checkForRemoteStart(config, connectorId, profile, transaction).isPresent()) {
            return SetChargingProfileStatus.Rejected;
        }
        return install(connectorId, profile, Optional.of(transaction));
    }

    /**
     * Why the profile would be rejected on this connector, or empty if it is acceptable. For a RemoteStart profile,
     * pass the transaction about to start (its id still null).
     *
     * @throws InvalidConnectorException for a connector that does not exist
     */
    public synchronized Optional<String> validate(int connectorId, ChargingProfile p,
            Optional<ActiveTransaction> activeTransaction) {
        return ProfileRules.check(config, connectorId, p, activeTransaction);
    }

    private SetChargingProfileStatus install(int connectorId, ChargingProfile p, Optional<ActiveTransaction> tx) {
        if (validate(connectorId, p, tx).isPresent()) {
            return SetChargingProfileStatus.Rejected;
        }
        List<Entry> before = List.copyOf(entries);
        // §5.16.3/§5.16.4: the same chargingProfileId, or the same stackLevel and purpose, replaces the installed
        // profile. The (stackLevel, purpose) match is per connector: a TxDefaultProfile for connector >0 replaces
        // the connector-0 one "only for that specific connector" (§3.13.1), so both stay installed.
        entries.removeIf(e -> e.profile().chargingProfileId().equals(p.chargingProfileId())
                || (e.connectorId() == connectorId && e.stackLevel() == p.stackLevel()
                        && e.profile().chargingProfilePurpose() == p.chargingProfilePurpose()));
        if (entries.size() >= config.maxChargingProfilesInstalled()) {
            restore(before);
            return SetChargingProfileStatus.Rejected; // §9.4.5 MaxChargingProfilesInstalled
        }
        entries.add(Entry.of(new InstalledProfile(connectorId, p)));
        try {
            save();
        } catch (IOException e) {
            restore(before);
            return SetChargingProfileStatus.Rejected;
        }
        return SetChargingProfileStatus.Accepted;
    }

    /**
     * ClearChargingProfile.req (§5.5 with errata 3.25/3.26): with an id, only that profile (other fields ignored);
     * otherwise every profile matching all given fields (logical AND); no fields clears all.
     *
     * @throws UncheckedIOException if the change could not be saved (nothing was cleared); answer InternalError
     */
    public synchronized ClearChargingProfileStatus clear(ClearChargingProfileRequest r) {
        Predicate<Entry> match;
        if (r.id() != null) {
            match = e -> e.profile().chargingProfileId().equals(r.id());
        } else {
            match = e -> (r.connectorId() == null || e.connectorId() == r.connectorId())
                    && (r.chargingProfilePurpose() == null
                            || e.profile().chargingProfilePurpose() == r.chargingProfilePurpose())
                    && (r.stackLevel() == null || e.stackLevel() == r.stackLevel());
        }
        return removeAndSave(match) ? ClearChargingProfileStatus.Accepted : ClearChargingProfileStatus.Unknown;
    }

    /**
     * The transaction on the connector ended: its TxProfiles are deleted (§3.13.1: "After the transaction is
     * stopped, the profile SHOULD be deleted"; §7.10: it "SHALL cease to be valid"). Also call it at boot for a
     * connector without a transaction, so a TxProfile of a transaction lost to a power cut is dropped.
     *
     * @return whether a profile was deleted
     */
    public synchronized boolean transactionEnded(int connectorId) {
        return removeAndSave(e -> e.connectorId() == connectorId
                && e.profile().chargingProfilePurpose() == ChargingProfilePurpose.TxProfile);
    }

    /** The installed profiles, in installation order. */
    public synchronized List<InstalledProfile> installed() {
        return entries.stream().map(Entry::installed).toList();
    }

    /**
     * The OCPP limit of a connector at {@code now}: min(ChargePointMaxProfile, the prevailing TxProfile or else
     * TxDefaultProfile) (§3.13.3), combined by the rule of {@link Rate}. For connector 0 it is the
     * ChargePointMaxProfile alone: with several connectors that limit is for all of them together, and sharing it
     * is the energy tree's job.
     *
     * @param transactionStart start of the transaction on the connector; Relative schedules count from it. Empty
     *     when no transaction runs: TxProfiles are then ignored and a Relative TxDefaultProfile is evaluated as for
     *     a transaction starting now (its first period), which is the limit a new session starts with.
     * @param connector the phases the connector uses now and can switch to now
     * @return the phases the limits allow within what the connector can switch to (the phase count the composite
     *     schedule reports), and the A per phase on the phases in use now, so that a W limit is never exceeded
     *     whatever the phase count; {@link Double#POSITIVE_INFINITY} when no profile applies (§3.13.6: "as if no
     *     constraints apply")
     */
    public synchronized PhaseLimit limitAt(Instant now, int connectorId, Optional<Instant> transactionStart,
            ConnectorPhases connector) {
        if (connectorId < 0 || connectorId > config.numberOfConnectors()) {
            throw new IllegalArgumentException("unknown connectorId " + connectorId);
        }
        List<Rate> rates = new ArrayList<>(2);
        chargePointMax(now).ifPresent(rates::add);
        if (connectorId > 0) {
            transactionLimit(connectorId, now, transactionStart, now).ifPresent(rates::add);
        }
        return new PhaseLimit(Rate.amps(rates, connector.inUse(), config.nominalVoltage()),
                Rate.phases(rates, connector));
    }

    /**
     * GetCompositeSchedule.req (§5.7, errata 3.28-3.30): the composite from now (truncated to the second) for
     * {@code duration} seconds, in the requested unit (A if none), each period min(connector rating,
     * ChargePointMaxProfile, TxProfile or TxDefaultProfile) on the phases the limits allow (rule of {@link Rate};
     * in W: A x U_nominal x phases). For connector 0: min(ChargePointMaxProfile, sum over connectors), the total
     * the charge point expects to draw from the grid. Rejected for an unknown connector. Errata 3.57: the start is
     * in scheduleStart; chargingSchedule.startSchedule is omitted.
     *
     * @param transactionStart the start of the transaction running on a connector, empty if none
     * @param connector        the phases each connector can switch to (as for {@link #limitAt})
     */
    public synchronized GetCompositeScheduleResponse compositeSchedule(GetCompositeScheduleRequest request,
            Instant now, IntFunction<Optional<Instant>> transactionStart, ConnectorPhases connector) {
        int c = request.connectorId();
        if (c < 0 || c > config.numberOfConnectors() || request.duration() < 0) {
            return new GetCompositeScheduleResponse(GetCompositeScheduleStatus.Rejected, null, null, null);
        }
        ChargingRateUnit unit = request.chargingRateUnit() == null ? ChargingRateUnit.A : request.chargingRateUnit();
        Instant start = now.truncatedTo(ChronoUnit.SECONDS);
        Instant end = start.plusSeconds(request.duration());
        NavigableSet<Instant> points = new TreeSet<>();
        points.add(start);
        for (Entry e : entries) {
            int k = e.connectorId();
            Instant relativeStart = k == 0 ? start : transactionStart.apply(k).orElse(start);
            if (k == 0 && e.profile().chargingProfilePurpose() == ChargingProfilePurpose.TxDefaultProfile) {
                // A connector-0 TxDefaultProfile runs on every connector, each Relative to its own transaction.
                for (int conn = 1; conn <= config.numberOfConnectors(); conn++) {
                    Schedules.breakpoints(e, start, end, transactionStart.apply(conn).orElse(start), points);
                }
            } else {
                Schedules.breakpoints(e, start, end, relativeStart, points);
            }
        }
        List<ChargingSchedulePeriod> periods = new ArrayList<>();
        for (Instant t : points) {
            PhaseLimit limit = compositeAt(c, t, start, transactionStart, connector);
            int startPeriod = (int) Duration.between(start, t).getSeconds();
            double value = floorTenth(unit == ChargingRateUnit.A ? limit.amps()
                    : limit.amps() * config.nominalVoltage() * limit.phases());
            ChargingSchedulePeriod period = new ChargingSchedulePeriod(startPeriod, value, limit.phases());
            if (!periods.isEmpty()) {
                ChargingSchedulePeriod last = periods.get(periods.size() - 1);
                if (last.limit().equals(value) && last.numberPhases().equals(limit.phases())) {
                    continue;
                }
                if (last.startPeriod() == startPeriod) {
                    periods.remove(periods.size() - 1); // two changes within the same second: the later wins
                }
            }
            periods.add(period);
        }
        ChargingSchedule schedule = new ChargingSchedule(request.duration(), null, unit, periods, null);
        return new GetCompositeScheduleResponse(GetCompositeScheduleStatus.Accepted, c,
                DateTimeFormatter.ISO_INSTANT.format(start), schedule);
    }

    /** The composite at {@code t}: A per phase on the phases the limits allow, capped by the connector rating. */
    private PhaseLimit compositeAt(int c, Instant t, Instant requestStart, IntFunction<Optional<Instant>> txStart,
            ConnectorPhases connector) {
        double v = config.nominalVoltage();
        Optional<Rate> cpMax = chargePointMax(t);
        if (c > 0) {
            List<Rate> rates = present(cpMax, transactionLimit(c, t, txStart.apply(c), requestStart));
            int n = Rate.phases(rates, connector);
            return new PhaseLimit(Math.min(config.connectorMaxAmps(), Rate.amps(rates, n, v)), n);
        }
        double sum = 0;
        int phases = 1;
        for (int k = 1; k <= config.numberOfConnectors(); k++) {
            Optional<Rate> tx = transactionLimit(k, t, txStart.apply(k), requestStart);
            int n = Rate.phases(present(cpMax, tx), connector);
            sum += Math.min(config.connectorMaxAmps(), Rate.amps(present(tx), n, v));
            phases = Math.max(phases, n);
        }
        return new PhaseLimit(Math.min(sum, Rate.amps(present(cpMax), phases, v)), phases);
    }

    @SafeVarargs
    private static List<Rate> present(Optional<Rate>... rates) {
        List<Rate> out = new ArrayList<>(rates.length);
        for (Optional<Rate> r : rates) {
            r.ifPresent(out::add);
        }
        return out;
    }

    private Optional<Rate> chargePointMax(Instant t) {
        return prevailing(e -> e.profile().chargingProfilePurpose() == ChargingProfilePurpose.ChargePointMaxProfile,
                t, t);
    }

    /**
     * TxProfile overrules TxDefaultProfile for the current transaction (§3.13.1). When no TxProfile covers {@code t}
     * (none installed, or its duration is over) the default behaviour applies, which is the TxDefaultProfile
     * (errata 3.43: fall back to a lower level, else as if no profile is installed).
     */
    private Optional<Rate> transactionLimit(int c, Instant t, Optional<Instant> txStart, Instant startIfNoTx) {
        if (txStart.isPresent()) {
            Optional<Rate> tx = prevailing(e -> e.connectorId() == c
                    && e.profile().chargingProfilePurpose() == ChargingProfilePurpose.TxProfile, t, txStart.get());
            if (tx.isPresent()) {
                return tx;
            }
        }
        return prevailing(e -> (e.connectorId() == c || e.connectorId() == 0)
                && e.profile().chargingProfilePurpose() == ChargingProfilePurpose.TxDefaultProfile,
                t, txStart.orElse(startIfNoTx));
    }

    /**
     * §3.13.2: the prevailing profile is the one with the highest stackLevel that is valid at {@code t}; one whose
     * schedule does not cover {@code t} yields to the next level (errata 3.43). At equal stackLevel a
     * connector-specific TxDefaultProfile wins over the connector-0 one (§3.13.1).
     */
    private Optional<Rate> prevailing(Predicate<Entry> candidates, Instant t, Instant relativeStart) {
        return entries.stream().filter(candidates)
                .sorted(Comparator.comparingInt(Entry::stackLevel).thenComparingInt(Entry::connectorId).reversed())
                .map(e -> Schedules.limitAt(e, t, relativeStart))
                .flatMap(Optional::stream)
                .findFirst();
    }

    // §7.14: a limit "accepts at most one digit fraction"; rounding down never reports more than is allowed.
    private static double floorTenth(double v) {
        return Math.floor(v * 10 + 1e-6) / 10;
    }

    private static ChargingProfile toProfile(CsChargingProfiles p) {
        return new ChargingProfile(p.chargingProfileId(), p.transactionId(), p.stackLevel(),
                p.chargingProfilePurpose(), p.chargingProfileKind(), p.recurrencyKind(), p.validFrom(), p.validTo(),
                p.chargingSchedule());
    }

    private boolean removeAndSave(Predicate<Entry> match) {
        List<Entry> before = List.copyOf(entries);
        if (!entries.removeIf(match)) {
            return false;
        }
        try {
            save();
        } catch (IOException e) {
            restore(before);
            throw new UncheckedIOException("could not save " + file, e);
        }
        return true;
    }

    private void restore(List<Entry> before) {
        entries.clear();
        entries.addAll(before);
    }

    private void save() throws IOException {
        AtomicFile.writeJson(file, installed());
    }
}
