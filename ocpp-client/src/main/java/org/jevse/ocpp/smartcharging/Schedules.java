package org.jevse.ocpp.smartcharging;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;
import org.jevse.ocpp.v16.ChargingProfile;
import org.jevse.ocpp.v16.ChargingProfileKind;
import org.jevse.ocpp.v16.ChargingSchedule;
import org.jevse.ocpp.v16.ChargingSchedulePeriod;
import org.jevse.ocpp.v16.RecurrencyKind;

/** Evaluation of a single charging profile over time (OCPP 1.6 §3.13, §5.16.4, §7.8-§7.14 and errata). */
final class Schedules {
    private Schedules() {
    }

    /** An installed profile with its dateTimes parsed once. */
    record Entry(int connectorId, ChargingProfile profile, Instant validFrom, Instant validTo, Instant startSchedule) {
        static Entry of(InstalledProfile ip) {
            ChargingProfile p = ip.profile();
            return new Entry(ip.connectorId(), p, parse(p.validFrom()), parse(p.validTo()),
                    parse(p.chargingSchedule().startSchedule()));
        }

        int stackLevel() {
            return profile.stackLevel();
        }

        InstalledProfile installed() {
            return new InstalledProfile(connectorId, profile);
        }
    }

    static Instant parse(String dateTime) {
        return dateTime == null ? null : OffsetDateTime.parse(dateTime).toInstant();
    }

    /** The recurrence period: Daily restarts every 24 h, Weekly every 7 days (§7.37). */
    static Duration recurrence(RecurrencyKind kind) {
        return kind == RecurrencyKind.Weekly ? Duration.ofDays(7) : Duration.ofDays(1);
    }

    /**
     * Start of the run of the schedule that is in force at {@code t}, or null before the schedule starts.
     *
     * @param relativeStart where a Relative schedule starts: the transaction start (§7.9)
     */
    static Instant runStart(Entry e, Instant t, Instant relativeStart) {
        ChargingProfileKind kind = e.profile().chargingProfileKind();
        if (kind == ChargingProfileKind.Relative) {
            return relativeStart;
        }
        if (kind == ChargingProfileKind.Absolute) {
            return e.startSchedule();
        }
        // Recurring: restarts every period "at the same time as in the startSchedule" (§7.37). Before the first
        // startSchedule the profile has not begun.
        if (t.isBefore(e.startSchedule())) {
            return null;
        }
        long periodMs = recurrence(e.profile().recurrencyKind()).toMillis();
        long k = Math.floorDiv(Duration.between(e.startSchedule(), t).toMillis(), periodMs);
        return e.startSchedule().plusMillis(k * periodMs);
    }

    /** The profile's limit at {@code t} as given (unit and phases), or empty where the profile does not apply. */
    static Optional<Rate> limitAt(Entry e, Instant t, Instant relativeStart) {
        if (e.validFrom() != null && t.isBefore(e.validFrom())) {
            return Optional.empty();
        }
        if (e.validTo() != null && !t.isBefore(e.validTo())) {
            return Optional.empty();
        }
        Instant start = runStart(e, t, relativeStart);
        if (start == null || t.isBefore(start)) {
            return Optional.empty();
        }
        long offset = Duration.between(start, t).getSeconds();
        ChargingSchedule s = e.profile().chargingSchedule();
        // Beyond duration the profile no longer applies and a lower stack level takes over (errata 3.43).
        if (s.duration() != null && offset >= s.duration()) {
            return Optional.empty();
        }
        ChargingSchedulePeriod current = null;
        for (ChargingSchedulePeriod p : s.chargingSchedulePeriod()) {
            if (p.startPeriod() <= offset) {
                current = p;
            }
        }
        if (current == null) {
            return Optional.empty();
        }
        return Optional.of(new Rate(current.limit(), s.chargingRateUnit(),
                current.numberPhases() == null ? Rate.DEFAULT_PHASES : current.numberPhases()));
    }

    /** Adds every instant in (from, to) at which the profile's limit may change. */
    static void breakpoints(Entry e, Instant from, Instant to, Instant relativeStart, NavigableSet<Instant> out) {
        addIfInside(e.validFrom(), from, to, out);
        addIfInside(e.validTo(), from, to, out);
        ChargingProfileKind kind = e.profile().chargingProfileKind();
        if (kind != ChargingProfileKind.Recurring) {
            addRun(e, kind == ChargingProfileKind.Relative ? relativeStart : e.startSchedule(), from, to, out);
            return;
        }
        Instant base = e.startSchedule();
        long periodMs = recurrence(e.profile().recurrencyKind()).toMillis();
        long first = Math.max(0, Math.floorDiv(Duration.between(base, from).toMillis(), periodMs));
        long last = Math.floorDiv(Duration.between(base, to).toMillis(), periodMs);
        for (long k = first; k <= last; k++) {
            addRun(e, base.plusMillis(k * periodMs), from, to, out);
        }
    }

    private static void addRun(Entry e, Instant runStart, Instant from, Instant to, NavigableSet<Instant> out) {
        if (runStart == null) {
            return;
        }
        addIfInside(runStart, from, to, out);
        ChargingSchedule s = e.profile().chargingSchedule();
        List<ChargingSchedulePeriod> periods = s.chargingSchedulePeriod();
        for (ChargingSchedulePeriod p : periods) {
            addIfInside(runStart.plusSeconds(p.startPeriod()), from, to, out);
        }
        if (s.duration() != null) {
            addIfInside(runStart.plusSeconds(s.duration()), from, to, out);
        }
    }

    private static void addIfInside(Instant t, Instant from, Instant to, NavigableSet<Instant> out) {
        if (t != null && t.isAfter(from) && t.isBefore(to)) {
            out.add(t);
        }
    }
}
