package org.jevse.ocpp.localauth;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jevse.ocpp.security.AtomicFile;
import org.jevse.ocpp.v16.AuthorizeStatus;
import org.jevse.ocpp.v16.ClearCacheStatus;
import org.jevse.ocpp.v16.IdTagInfo;

/**
 * The Authorization Cache (OCPP 1.6 §3.5.1): the latest IdTagInfo the Central System gave for each identifier,
 * valid or not, persisted across reboots, resets and power loss (errata 3.4). Thread-safe.
 */
public final class AuthorizationCache {
    /** One cached identifier; {@code seq} orders entries by last update, for eviction of the oldest. */
    record Entry(String idTag, IdTagInfo idTagInfo, long seq) {
    }

    /** The on-disk form. */
    record Saved(long nextSeq, List<Entry> entries) {
    }

    private final Path file;
    private final int capacity;
    private Map<String, Entry> entries = new LinkedHashMap<>();
    private long nextSeq;

    private AuthorizationCache(Path file, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.file = Objects.requireNonNull(file, "file");
        this.capacity = capacity;
    }

    /** Loads the cache saved in {@code file}, holding at most {@code capacity} identifiers. */
    public static AuthorizationCache open(Path file, int capacity) throws IOException {
        AuthorizationCache cache = new AuthorizationCache(file, capacity);
        Optional<Saved> saved = AtomicFile.readJson(file, new TypeReference<Saved>() {
        });
        if (saved.isPresent()) {
            cache.nextSeq = saved.get().nextSeq();
            for (Entry e : saved.get().entries()) {
                cache.entries.put(IdTags.key(e.idTag()), e);
            }
        }
        return cache;
    }

    /** The cached info at {@code now}; past its expiryDate it reads as Expired (§3.5.1). */
    public synchronized Optional<IdTagInfo> get(String idTag, Instant now) {
        Entry e = entries.get(IdTags.key(idTag));
        return e == null ? Optional.empty() : Optional.of(IdTags.asOf(e.idTagInfo(), now));
    }

    public synchronized int size() {
        return entries.size();
    }

    /**
     * Records the IdTagInfo received for an identifier (from Authorize.conf, StartTransaction.conf or
     * StopTransaction.conf, §3.5.1). When a new identifier does not fit, NOT-valid entries go first, then the oldest
     * valid ones (§3.5.1). The caller keeps identifiers of the Local Authorization List out (§3.5.3); see
     * {@link Authorizer#onIdTagInfo}.
     */
    public synchronized void put(String idTag, IdTagInfo info, Instant now) throws IOException {
        Map<String, Entry> next = new LinkedHashMap<>(entries);
        String key = IdTags.key(idTag);
        next.remove(key);
        if (next.size() >= capacity) {
            List<Entry> victims = new ArrayList<>(next.values());
            victims.sort(Comparator.comparing((Entry e) -> valid(e.idTagInfo(), now)).thenComparingLong(Entry::seq));
            for (Entry victim : victims.subList(0, next.size() - capacity + 1)) {
                next.remove(IdTags.key(victim.idTag()));
            }
        }
        next.put(key, new Entry(idTag, info, nextSeq));
        AtomicFile.writeJson(file, new Saved(nextSeq + 1, new ArrayList<>(next.values())));
        entries = next;
        nextSeq++;
    }

    /** ClearCache.req (§5.4): Accepted once the empty cache is on disk, else Rejected and nothing changes. */
    public synchronized ClearCacheStatus clear() {
        try {
            AtomicFile.writeJson(file, new Saved(nextSeq, List.of()));
        } catch (IOException e) {
            return ClearCacheStatus.Rejected;
        }
        entries = new LinkedHashMap<>();
        return ClearCacheStatus.Accepted;
    }

    /** Valid = Accepted and not past its expiryDate; everything else is NOT-valid in §3.5.1's sense. */
    static boolean valid(IdTagInfo info, Instant now) {
        return info.status() == AuthorizeStatus.Accepted && !IdTags.expired(info, now);
    }
}
