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
import org.jevse.ocpp.smartcharging.Schedules.Limit;
import org.jevse.ocpp.v16.ChargingProfile;
import org.jevse.ocpp.v16.ChargingProfileKind;
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
     * Installs the TxProfile that came with an accepted RemoteStartTransaction.req, once its transaction has started
     * (§5.16.2: the profile applies to the newly started transaction). Check it with {@link #validate} before
     * accepting the RemoteStartTransaction.req.
     */
    public synchronized SetChargingProfileStatus setForRemoteStart(int connectorId, ChargingProfile profile,
            ActiveTransaction transaction) {
        if (profile.transactionId() != null) {
            return SetChargingProfileStatus.Rejected; // errata 3.41: transactionId SHALL NOT be set
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
        if (connectorId < 0 || connectorId > config.numberOfConnectors()) {
            throw new InvalidConnectorException(connectorId);
        }
        ChargingProfilePurpose purpose = p.chargingProfilePurpose();
        if (purpose == ChargingProfilePurpose.ChargePointMaxProfile && connectorId != 0) {
            return Optional.of("ChargePointMaxProfile can only be set at connectorId 0 (§3.13.1)");
        }
        if (purpose == ChargingProfilePurpose.TxProfile) {
            if (connectorId == 0) {
                return Optional.of("TxProfile SHALL only be set at connectorId > 0 (§3.13.1)");
            }
            if (activeTransaction.isEmpty()) {
                return Optional.of("TxProfile without an active transaction on the connector (§3.13.1, §5.16.4)");
            }
            Integer active = activeTransaction.get().transactionId();
            if (p.transactionId() != null && active != null && !p.transactionId().equals(active)) {
                return Optional.of("transactionId " + p.transactionId() + " is not the active transaction " + active);
            }
        } else if (p.transactionId() != null) {
            return Optional.of("transactionId is only valid for a TxProfile (§7.8)");
        }
        if (p.stackLevel() < 0 || p.stackLevel() > config.chargeProfileMaxStackLevel()) {
            return Optional.of("stackLevel outside 0.." + config.chargeProfileMaxStackLevel() + " (§9.4.1)");
        }
        ChargingProfileKind kind = p.chargingProfileKind();
        ChargingSchedule s = p.chargingSchedule();
        if (kind == ChargingProfileKind.Relative && purpose == ChargingProfilePurpose.ChargePointMaxProfile) {
            return Optional.of("a ChargePointMaxProfile has no transaction to be Relative to");
        }
        if (kind != ChargingProfileKind.Relative && s.startSchedule() == null) {
            return Optional.of(kind + " schedule needs startSchedule (§7.9, §7.37)");
        }
        if (kind == ChargingProfileKind.Recurring && p.recurrencyKind() == null) {
            return Optional.of("Recurring profile needs recurrencyKind (§7.37)");
        }
        Instant from = Schedules.parse(p.validFrom());
        Instant to = Schedules.parse(p.validTo());
        if (from != null && to != null && !to.isAfter(from)) {
            return Optional.of("validTo is not after validFrom");
        }
        if (!config.allowedUnits().contains(s.chargingRateUnit())) {
            return Optional.of("chargingRateUnit " + s.chargingRateUnit()
                    + " not in ChargingScheduleAllowedChargingRateUnit (§9.4.2)");
        }
        if (s.duration() != null && s.duration() < 0) {
            return Optional.of("negative duration");
        }
        if (s.minChargingRate() != null && s.minChargingRate() < 0) {
            return Optional.of("negative minChargingRate");
        }
        List<ChargingSchedulePeriod> periods = s.chargingSchedulePeriod();
        if (periods.isEmpty() || periods.size() > config.chargingScheduleMaxPeriods()) {
            return Optional.of("1.." + config.chargingScheduleMaxPeriods() + " periods allowed (§9.4.3)");
        }
        if (periods.get(0).startPeriod() != 0) {
            return Optional.of("the first period SHALL start at 0 (§5.16.4, errata 3.45)");
        }
        for (int i = 0; i < periods.size(); i++) {
            ChargingSchedulePeriod period = periods.get(i);
            if (i > 0 && period.startPeriod() <= periods.get(i - 1).startPeriod()) {
                return Optional.of("startPeriod values must increase");
            }
            if (period.limit() < 0 || Double.isNaN(period.limit()) || Double.isInfinite(period.limit())) {
                return Optional.of("limit must be a finite value >= 0");
            }
            if (period.numberPhases() != null && (period.numberPhases() < 1 || period.numberPhases() > 3)) {
                return Optional.of("numberPhases must be 1..3");
            }
        }
        return Optional.empty();
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
     * The OCPP limit of a connector at {@code now}, in A per phase: min(ChargePointMaxProfile, the prevailing
     * TxProfile or else TxDefaultProfile) (§3.13.3). {@link Double#POSITIVE_INFINITY} when no profile applies
     * (§3.13.6: "as if no constraints apply"). For connector 0 it is the ChargePointMaxProfile alone: with several
     * connectors that limit is for all of them together, and sharing it is the energy tree's job.
     *
     * @param transactionStart start of the transaction on the connector; Relative schedules count from it. Empty
     *     when no transaction runs: TxProfiles are then ignored and a Relative TxDefaultProfile is evaluated as for
     *     a transaction starting now (its first period), which is the limit a new session starts with.
     */
    public synchronized double limitAmpsAt(Instant now, int connectorId, Optional<Instant> transactionStart) {
        if (connectorId < 0 || connectorId > config.numberOfConnectors()) {
            throw new IllegalArgumentException("unknown connectorId " + connectorId);
        }
        Optional<Limit> cpMax = chargePointMax(now);
        Optional<Limit> limit = connectorId == 0 ? cpMax
                : minOf(cpMax, transactionLimit(connectorId, now, transactionStart, now));
        return limit.map(Limit::amps).orElse(Double.POSITIVE_INFINITY);
    }

    /**
     * GetCompositeSchedule.req (§5.7, errata 3.28-3.30): the composite from now (truncated to the second) for
     * {@code duration} seconds, in the requested unit (A if none), each period min(connector rating,
     * ChargePointMaxProfile, TxProfile or TxDefaultProfile). For connector 0: min(ChargePointMaxProfile, sum over
     * connectors), the total the charge point expects to draw from the grid. Rejected for an unknown connector.
     *
     * @param transactionStart the start of the transaction running on a connector, empty if none
     */
    public synchronized GetCompositeScheduleResponse compositeSchedule(GetCompositeScheduleRequest request,
            Instant now, IntFunction<Optional<Instant>> transactionStart) {
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
            Limit limit = compositeAt(c, t, start, transactionStart);
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
        String startText = DateTimeFormatter.ISO_INSTANT.format(start);
        ChargingSchedule schedule = new ChargingSchedule(request.duration(), startText, unit, periods, null);
        return new GetCompositeScheduleResponse(GetCompositeScheduleStatus.Accepted, c, startText, schedule);
    }

    private Limit compositeAt(int c, Instant t, Instant requestStart, IntFunction<Optional<Instant>> txStart) {
        Limit rating = new Limit(config.connectorMaxAmps(), Schedules.DEFAULT_PHASES);
        if (c > 0) {
            Limit l = minOf(chargePointMax(t), transactionLimit(c, t, txStart.apply(c), requestStart)).orElse(rating);
            return l.min(rating);
        }
        double sum = 0;
        int phases = 0;
        for (int k = 1; k <= config.numberOfConnectors(); k++) {
            Limit l = transactionLimit(k, t, txStart.apply(k), requestStart).orElse(rating).min(rating);
            sum += l.amps();
            phases = Math.max(phases, l.phases());
        }
        Limit total = new Limit(sum, phases);
        return chargePointMax(t).map(total::min).orElse(total);
    }

    private Optional<Limit> chargePointMax(Instant t) {
        return prevailing(e -> e.profile().chargingProfilePurpose() == ChargingProfilePurpose.ChargePointMaxProfile,
                t, t);
    }

    /**
     * TxProfile overrules TxDefaultProfile for the current transaction (§3.13.1). When no TxProfile covers {@code t}
     * (none installed, or its duration is over) the default behaviour applies, which is the TxDefaultProfile
     * (errata 3.43: fall back to a lower level, else as if no profile is installed).
     */
    private Optional<Limit> transactionLimit(int c, Instant t, Optional<Instant> txStart, Instant startIfNoTx) {
        if (txStart.isPresent()) {
            Optional<Limit> tx = prevailing(e -> e.connectorId() == c
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
    private Optional<Limit> prevailing(Predicate<Entry> candidates, Instant t, Instant relativeStart) {
        return entries.stream().filter(candidates)
                .sorted(Comparator.comparingInt(Entry::stackLevel).thenComparingInt(Entry::connectorId).reversed())
                .map(e -> Schedules.limitAt(e, t, relativeStart, config.nominalVoltage()))
                .flatMap(Optional::stream)
                .findFirst();
    }

    private static Optional<Limit> minOf(Optional<Limit> a, Optional<Limit> b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() ? a : Optional.of(a.get().min(b.get()));
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
