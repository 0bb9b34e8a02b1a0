package org.jevse.ocpp.cp;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.logging.Logger;
import org.jevse.board.time.Scheduler;
import org.jevse.ocpp.config.ConfigKey;
import org.jevse.ocpp.rpc.OcppJson;
import org.jevse.ocpp.store.AtomicFiles;
import org.jevse.ocpp.v16.CancelReservationStatus;
import org.jevse.ocpp.v16.ReserveNowRequest;
import org.jevse.ocpp.v16.ReserveNowStatus;
import org.jevse.ocpp.v16.StatusNotificationStatus;

/**
 * The Reservation profile (OCPP 1.6 §5.13, §5.3): reservations per connector (0 = any connector, when
 * ReserveConnectorZeroSupported), persisted in one file before ReserveNow and CancelReservation are answered. A
 * reservation ends when its idTag (or one with the same parentIdTag) starts a transaction on the connector, at its
 * expiryDate (CSMS clock), or on CancelReservation. While it lasts the connector shows Reserved instead of
 * Available, and other idTags are refused there ({@link #check}).
 *
 * <p>Thread-safe: the client thread answers the CSMS, the charger's thread asks {@link #check} and reports
 * transaction starts.
 */
public final class Reservations {
    private static final Logger LOG = Logger.getLogger(Reservations.class.getName());
    public static final String RESERVE_CONNECTOR_ZERO_SUPPORTED = "ReserveConnectorZeroSupported";

    /** The Reservation profile's key (OCPP 1.6 §9.3.1): connector 0 can be reserved whenever the profile is there. */
    public static List<ConfigKey> keys(boolean reservationProfile) {
        return List.of(ConfigKey.bool(RESERVE_CONNECTOR_ZERO_SUPPORTED, true, reservationProfile));
    }

    /** One reservation as persisted. */
    public record Reservation(@JsonProperty("reservationId") int reservationId,
                              @JsonProperty("connectorId") int connectorId,
                              @JsonProperty("idTag") String idTag,
                              @JsonProperty("parentIdTag") String parentIdTag,
                              @JsonProperty("expiryMs") long expiryMs) {
    }

    /** What a reservation means for an idTag presented at a connector. */
    public enum Verdict {
        /** No reservation concerns this connector. */
        FREE,
        /** The idTag (or its parent) holds the reservation: it may start, and the start ends the reservation. */
        HOLDER,
        /** Another idTag holds a reservation here: refuse. */
        RESERVED_FOR_OTHER
    }

    private final Features.Core core;
    private final Path file;
    private final Map<Integer, Reservation> byId = new TreeMap<>();
    private final Map<Integer, Scheduler.Timer> expiryTimers = new HashMap<>();

    /** Over {@code saved} ({@link #read}; expired ones go at once), kept in {@code file}; installs the Reserved status. */
    Reservations(Features.Core core, Path file, List<Reservation> saved) {
        this.core = core;
        this.file = file;
        for (Reservation x : saved) {
            byId.put(x.reservationId(), x);
        }
        synchronized (this) {
            for (Reservation x : new ArrayList<>(byId.values())) {
                scheduleExpiry(x);
            }
        }
        core.status().setOverlay(this::overlay);
    }

    /** The reservations saved in {@code file}, or none when it is missing or unreadable. */
    static List<Reservation> read(Path file) throws IOException {
        var bytes = AtomicFiles.read(file);
        if (bytes.isPresent()) {
            try {
                return OcppJson.mapper().readValue(bytes.get(), new TypeReference<List<Reservation>>() { });
            } catch (IOException | RuntimeException e) {
                LOG.warning("unreadable reservations in " + file + ", starting without: " + e);
            }
        }
        return List.of();
    }

    // ================================================================== CSMS side (client thread)

    /** ReserveNow (§5.13): the answer, with the reservation persisted before it when Accepted. */
    public synchronized ReserveNowStatus reserve(ReserveNowRequest q) {
        int c = q.connectorId();
        if (c < 0 || c > core.connectors()) {
            return ReserveNowStatus.Rejected;
        }
        if (c == 0 && !core.config().getBool(RESERVE_CONNECTOR_ZERO_SUPPORTED)) {
            return ReserveNowStatus.Rejected;
        }
        long expiry;
        try {
            expiry = OffsetDateTime.parse(q.expiryDate()).toInstant().toEpochMilli();
        } catch (RuntimeException e) {
            return ReserveNowStatus.Rejected;
        }
        if (expiry <= core.boot().csmsNowMs()) {
            return ReserveNowStatus.Rejected;
        }
        Reservation same = byId.get(q.reservationId()); // the same id replaces the reservation (§5.13)
        ReserveNowStatus s = c == 0 ? chargerState() : connectorState(c, q.reservationId());
        if (s != ReserveNowStatus.Accepted) {
            return s;
        }
        if (c == 0) {
            // At least one connector must stay free for the holder: every connector-0 reservation needs its own.
            long zero = byId.values().stream().filter(x -> x.connectorId() == 0
                    && x.reservationId() != q.reservationId()).count();
            long free = 0;
            for (int i = 1; i <= core.connectors(); i++) {
                if (connectorState(i, q.reservationId()) == ReserveNowStatus.Accepted) {
                    free++;
                }
            }
            if (free <= zero) {
                return ReserveNowStatus.Occupied;
            }
        }
        Reservation r = new Reservation(q.reservationId(), c, q.idTag(), q.parentIdTag(), expiry);
        Map<Integer, Reservation> next = new TreeMap<>(byId);
        next.put(r.reservationId(), r);
        persist(next);
        if (same != null) {
            cancelTimer(same.reservationId());
        }
        byId.put(r.reservationId(), r);
        scheduleExpiry(r);
        core.status().refresh();
        return ReserveNowStatus.Accepted;
    }

    /** CancelReservation (§5.1): Accepted if the reservation existed (it is removed, persisted, before). */
    public synchronized CancelReservationStatus cancel(int reservationId) {
        if (!byId.containsKey(reservationId)) {
            return CancelReservationStatus.Rejected;
        }
        end(reservationId, "cancelled");
        return CancelReservationStatus.Accepted;
    }

    private ReserveNowStatus chargerState() {
        if (!core.availability().operative(0)) {
            return ReserveNowStatus.Unavailable;
        }
        StatusNotificationStatus zero = core.status().reported(0);
        if (zero == StatusNotificationStatus.Faulted) {
            return ReserveNowStatus.Faulted;
        }
        if (zero == StatusNotificationStatus.Unavailable) {
            return ReserveNowStatus.Unavailable;
        }
        return ReserveNowStatus.Accepted;
    }

    /** Whether connector {@code c} can take reservation {@code id} now. */
    private ReserveNowStatus connectorState(int c, int id) {
        ReserveNowStatus zero = chargerState();
        if (zero != ReserveNowStatus.Accepted) {
            return zero;
        }
        if (!core.availability().operative(c)) {
            return ReserveNowStatus.Unavailable;
        }
        StatusNotificationStatus s = core.status().reported(c);
        if (s == StatusNotificationStatus.Faulted) {
            return ReserveNowStatus.Faulted;
        }
        if (s == StatusNotificationStatus.Unavailable) {
            return ReserveNowStatus.Unavailable;
        }
        if (core.store().active(c) != null || (s != null && s != StatusNotificationStatus.Available)) {
            return ReserveNowStatus.Occupied;
        }
        for (Reservation x : byId.values()) {
            if (x.connectorId() == c && x.reservationId() != id) {
                return ReserveNowStatus.Occupied;
            }
        }
        return ReserveNowStatus.Accepted;
    }

    // ================================================================== charger side

    /**
     * What the reservations say about {@code idTag} (whose parent is {@code parentIdTag}, null if unknown) at
     * connector {@code c}.
     */
    public synchronized Verdict check(int c, String idTag, String parentIdTag) {
        Reservation r = holding(c, idTag, parentIdTag);
        if (r != null) {
            return Verdict.HOLDER;
        }
        return blocked(c) ? Verdict.RESERVED_FOR_OTHER : Verdict.FREE;
    }

    /** True if some reservation concerns connector {@code c} (then the parent of a presented tag matters). */
    public synchronized boolean concerns(int c) {
        return byId.values().stream().anyMatch(x -> x.connectorId() == c) || blocked(c);
    }

    /**
     * A transaction started on {@code c} for {@code idTag}: the reservation it fulfils ends, and its id goes into
     * StartTransaction. Null when the start fulfils no reservation.
     */
    public synchronized Integer transactionStarted(int c, String idTag, String parentIdTag) {
        Reservation r = holding(c, idTag, parentIdTag);
        if (r == null) {
            return null;
        }
        end(r.reservationId(), "used by a transaction");
        return r.reservationId();
    }

    /** The reservations now (tests, diagnostics). */
    public synchronized List<Reservation> all() {
        return List.copyOf(byId.values());
    }

    private Reservation holding(int c, String idTag, String parentIdTag) {
        Reservation zero = null;
        for (Reservation x : byId.values()) {
            boolean mine = x.idTag().equalsIgnoreCase(idTag)
                    || (x.parentIdTag() != null && x.parentIdTag().equalsIgnoreCase(Objects.toString(parentIdTag, "")));
            if (!mine) {
                continue;
            }
            if (x.connectorId() == c) {
                return x;
            }
            if (x.connectorId() == 0 && zero == null) {
                zero = x;
            }
        }
        return zero;
    }

    /** Reserved for someone: its own reservation, or connector-0 reservations that need this connector. */
    private boolean blocked(int c) {
        if (byId.values().stream().anyMatch(x -> x.connectorId() == c)) {
            return true;
        }
        long zero = byId.values().stream().filter(x -> x.connectorId() == 0).count();
        if (zero == 0) {
            return false;
        }
        long otherFree = 0;
        for (int i = 1; i <= core.connectors(); i++) {
            final int k = i;
            if (i != c && core.store().active(i) == null && byId.values().stream().noneMatch(x -> x.connectorId() == k)
                    && core.availability().operative(i)) {
                otherFree++;
            }
        }
        return otherFree < zero;
    }

    private StatusNotificationStatus overlay(Integer c, StatusNotificationStatus s) {
        if (c == 0 || s != StatusNotificationStatus.Available) {
            return s;
        }
        synchronized (this) {
            return blocked(c) ? StatusNotificationStatus.Reserved : s;
        }
    }

    // ================================================================== persistence and expiry

    private void end(int reservationId, String why) {
        Map<Integer, Reservation> next = new TreeMap<>(byId);
        Reservation r = next.remove(reservationId);
        if (r == null) {
            return;
        }
        persist(next);
        byId.remove(reservationId);
        cancelTimer(reservationId);
        LOG.info("reservation " + reservationId + " on connector " + r.connectorId() + " ended: " + why);
        core.status().refresh();
    }

    private void scheduleExpiry(Reservation r) {
        long delay = Math.max(0, r.expiryMs() - core.boot().csmsNowMs());
        expiryTimers.put(r.reservationId(), core.sched().schedule(delay, () -> expire(r)));
    }

    private synchronized void expire(Reservation r) {
        if (byId.get(r.reservationId()) == r) {
            end(r.reservationId(), "expired");
        }
    }

    private void cancelTimer(int reservationId) {
        Scheduler.Timer t = expiryTimers.remove(reservationId);
        if (t != null) {
            t.cancel();
        }
    }

    private void persist(Map<Integer, Reservation> next) {
        try {
            AtomicFiles.write(file, OcppJson.mapper().writeValueAsBytes(new ArrayList<>(next.values())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
