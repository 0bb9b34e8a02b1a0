package org.jevse.ocpp.localauth;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jevse.ocpp.security.AtomicFile;
import org.jevse.ocpp.v16.IdTagInfo;
import org.jevse.ocpp.v16.LocalAuthorizationList;
import org.jevse.ocpp.v16.SendLocalListRequest;
import org.jevse.ocpp.v16.SendLocalListStatus;
import org.jevse.ocpp.v16.UpdateType;

/**
 * The Local Authorization List (OCPP 1.6 §3.5.2, §5.10, §5.15). It changes only through SendLocalList.req, and
 * every accepted update is on disk (atomically) before {@link #update} returns, so the answer never claims a list
 * that a power cut could lose. Thread-safe.
 */
public final class LocalAuthList {
    /** The on-disk form. */
    record Saved(int listVersion, List<LocalAuthorizationList> entries) {
    }

    private final Path file;
    private final LocalListConfig config;
    private Map<String, LocalAuthorizationList> entries = new LinkedHashMap<>();
    private int listVersion;

    private LocalAuthList(Path file, LocalListConfig config) {
        this.file = Objects.requireNonNull(file, "file");
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Loads the list saved in {@code file} (empty, version 0, if there is none). */
    public static LocalAuthList open(Path file, LocalListConfig config) throws IOException {
        LocalAuthList list = new LocalAuthList(file, config);
        Optional<Saved> saved = AtomicFile.readJson(file, new TypeReference<Saved>() {
        });
        if (saved.isPresent()) {
            list.listVersion = saved.get().listVersion();
            for (LocalAuthorizationList e : saved.get().entries()) {
                list.entries.put(IdTags.key(e.idTag()), e);
            }
        }
        return list;
    }

    /**
     * GetLocalListVersion.conf listVersion (§5.10): -1 if the list is not supported, 0 if it is empty, else the
     * version of the last accepted SendLocalList.req.
     */
    public synchronized int version() {
        if (!config.supported()) {
            return -1;
        }
        return entries.isEmpty() ? 0 : listVersion;
    }

    /** The entry for an identifier (case-insensitive), as stored: expiry is judged by the caller. */
    public synchronized Optional<IdTagInfo> get(String idTag) {
        LocalAuthorizationList e = config.supported() ? entries.get(IdTags.key(idTag)) : null;
        return e == null ? Optional.empty() : Optional.of(e.idTagInfo());
    }

    /** Whether the identifier is in the list; such identifiers never go into the cache (§3.5.3). */
    public synchronized boolean contains(String idTag) {
        return config.supported() && entries.containsKey(IdTags.key(idTag));
    }

    public synchronized int size() {
        return entries.size();
    }

    /**
     * SendLocalList.req (§5.15, §6.41, §7.47, errata 3.52).
     *
     * <ul>
     *   <li>NotSupported when the profile is not supported;</li>
     *   <li>Failed for listVersion &lt;= 0 (0 and -1 have a meaning in GetLocalListVersion.conf), more entries than
     *       SendLocalListMaxLength, duplicate idTags, a Full entry without idTagInfo, a result longer than
     *       LocalAuthListMaxLength, or a failed save; the list is then unchanged;</li>
     *   <li>VersionMismatch for a Differential whose listVersion is not above the current version;</li>
     *   <li>otherwise Accepted: Full replaces the list, Differential adds/updates entries with idTagInfo and deletes
     *       those without.</li>
     * </ul>
     */
    public synchronized SendLocalListStatus update(SendLocalListRequest request) {
        if (!config.supported()) {
            return SendLocalListStatus.NotSupported;
        }
        List<LocalAuthorizationList> items = request.localAuthorizationList() == null ? List.of()
                : request.localAuthorizationList();
        if (request.listVersion() <= 0 || items.size() > config.sendLocalListMaxLength()) {
            return SendLocalListStatus.Failed;
        }
        Set<String> seen = new HashSet<>();
        for (LocalAuthorizationList item : items) {
            if (!seen.add(IdTags.key(item.idTag()))) {
                return SendLocalListStatus.Failed; // §6.41: all idTags MUST be unique
            }
        }
        Map<String, LocalAuthorizationList> next;
        if (request.updateType() == UpdateType.Full) {
            next = new LinkedHashMap<>();
            for (LocalAuthorizationList item : items) {
                if (item.idTagInfo() == null) {
                    return SendLocalListStatus.Failed; // §7.1: idTagInfo is required when UpdateType is Full
                }
                next.put(IdTags.key(item.idTag()), item);
            }
        } else {
            if (request.listVersion() <= version()) {
                return SendLocalListStatus.VersionMismatch;
            }
            next = new LinkedHashMap<>(entries);
            for (LocalAuthorizationList item : items) {
                if (item.idTagInfo() == null) {
                    next.remove(IdTags.key(item.idTag()));
                } else {
                    next.put(IdTags.key(item.idTag()), item);
                }
            }
        }
        if (next.size() > config.localAuthListMaxLength()) {
            return SendLocalListStatus.Failed;
        }
        try {
            AtomicFile.writeJson(file, new Saved(request.listVersion(), new ArrayList<>(next.values())));
        } catch (IOException e) {
            return SendLocalListStatus.Failed;
        }
        entries = next;
        listVersion = request.listVersion();
        return SendLocalListStatus.Accepted;
    }
}
