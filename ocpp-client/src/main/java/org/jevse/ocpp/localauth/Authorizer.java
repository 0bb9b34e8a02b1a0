package org.jevse.ocpp.localauth;

import java.io.IOException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jevse.ocpp.v16.AuthorizeStatus;
import org.jevse.ocpp.v16.IdTagInfo;

/**
 * Local authorization decisions (OCPP 1.6 §3.5, §4.1): given the Local Authorization List, the Authorization Cache,
 * the configuration keys and whether the Central System is reachable, decide to accept an identifier locally,
 * reject it, or send Authorize.req. Holds no state of its own.
 */
public final class Authorizer {
    /** What to do with a presented identifier. */
    public enum Decision {
        /** Start (or stop) without waiting for the Central System. */
        ACCEPT,
        /** Refuse; {@link AuthDecision#idTagInfo()} says why when known. */
        REJECT,
        /** Send Authorize.req and follow its answer. */
        ASK_CENTRAL_SYSTEM
    }

    /** Where the decision came from. */
    public enum Source {
        LOCAL_LIST,
        CACHE,
        /** AllowOfflineTxForUnknownId (§3.5.4). */
        UNKNOWN_OFFLINE,
        /** No local information. */
        NONE
    }

    /**
     * A decision.
     *
     * @param idTagInfo the local entry the decision rests on (status already Expired if past its expiryDate), or
     *     null when there is none; its parentIdTag serves reservations and stopping by a group member
     */
    public record AuthDecision(Decision decision, Source source, IdTagInfo idTagInfo) {
    }

    /**
     * The configuration keys that steer local authorization, read at each decision so ChangeConfiguration takes
     * effect at once.
     *
     * @param localAuthListEnabled LocalAuthListEnabled (§9.2.1)
     * @param authorizationCacheEnabled AuthorizationCacheEnabled (§9.1.2)
     * @param localPreAuthorize LocalPreAuthorize (§9.1.13): online, start for locally valid identifiers at once
     * @param localAuthorizeOffline LocalAuthorizeOffline (§9.1.12): offline, start for locally valid identifiers
     * @param allowOfflineTxForUnknownId AllowOfflineTxForUnknownId (§9.1.1, §3.5.4)
     */
    public record AuthSettings(boolean localAuthListEnabled, boolean authorizationCacheEnabled,
            boolean localPreAuthorize, boolean localAuthorizeOffline, boolean allowOfflineTxForUnknownId) {
    }

    private final LocalAuthList list;
    private final AuthorizationCache cache;

    public Authorizer(LocalAuthList list, AuthorizationCache cache) {
        this.list = Objects.requireNonNull(list, "list");
        this.cache = Objects.requireNonNull(cache, "cache");
    }

    /**
     * Decides on a presented identifier.
     *
     * <ol>
     *   <li>The Local Authorization List has priority over the cache (§3.5.3), then the cache.</li>
     *   <li>A locally valid identifier (list: Accepted or ConcurrentTx, §3.5.2; cache: Accepted; both not past
     *       expiryDate) is accepted online if LocalPreAuthorize, else Authorize.req is sent; offline it is
     *       accepted if LocalAuthorizeOffline. Offline without LocalAuthorizeOffline the local entry may not be
     *       used, so the identifier is handled as unknown.</li>
     *   <li>A locally NOT-valid identifier (Invalid, Blocked, Expired, or past its expiryDate) is checked with the
     *       Central System when online (§3.5.1: an Authorize.req SHOULD be sent; the list may be behind the
     *       Central System too) and rejected when offline (§3.5.4: MUST be rejected).</li>
     *   <li>An unknown identifier goes to the Central System when online; offline it is accepted only with
     *       AllowOfflineTxForUnknownId (§3.5.4).</li>
     * </ol>
     */
    public AuthDecision decide(String idTag, boolean online, Instant now, AuthSettings s) {
        Optional<AuthDecision> local = Optional.empty();
        if (s.localAuthListEnabled()) {
            local = list.get(idTag).map(info -> judge(IdTags.asOf(info, now), Source.LOCAL_LIST, online, s,
                    info.status() == AuthorizeStatus.ConcurrentTx));
        }
        if (local.isEmpty() && s.authorizationCacheEnabled() && !list.contains(idTag)) {
            local = cache.get(idTag, now).map(info -> judge(info, Source.CACHE, online, s, false));
        }
        if (local.isPresent()) {
            return local.get();
        }
        if (online) {
            return new AuthDecision(Decision.ASK_CENTRAL_SYSTEM, Source.NONE, null);
        }
        return s.allowOfflineTxForUnknownId()
                ? new AuthDecision(Decision.ACCEPT, Source.UNKNOWN_OFFLINE, null)
                : new AuthDecision(Decision.REJECT, Source.NONE, null);
    }

    // Null when the local entry may not be used (offline without LocalAuthorizeOffline): the caller goes on as for an
    // unknown identifier. Optional.map turns a null into an empty Optional, which is what we want.
    private static AuthDecision judge(IdTagInfo info, Source source, boolean online, AuthSettings s,
            boolean concurrentTxCountsAsValid) {
        boolean valid = (info.status() == AuthorizeStatus.Accepted
                || (concurrentTxCountsAsValid && info.status() == AuthorizeStatus.ConcurrentTx));
        if (!valid) {
            return new AuthDecision(online ? Decision.ASK_CENTRAL_SYSTEM : Decision.REJECT, source, info);
        }
        if (online) {
            return new AuthDecision(s.localPreAuthorize() ? Decision.ACCEPT : Decision.ASK_CENTRAL_SYSTEM, source, info);
        }
        return s.localAuthorizeOffline() ? new AuthDecision(Decision.ACCEPT, source, info) : null;
    }

    /**
     * An IdTagInfo arrived from the Central System (Authorize.conf, StartTransaction.conf, StopTransaction.conf).
     * Updates the cache when it is enabled and the identifier is not in the Local Authorization List (§3.5.1,
     * §3.5.3, §4.1).
     *
     * @return true if it contradicts the Local Authorization List: the caller then sends a StatusNotification for
     *     connector 0 with errorCode LocalListConflict (§3.5.2). ConcurrentTx is about the transaction, not the
     *     identifier, and is no conflict.
     */
    public boolean onIdTagInfo(String idTag, IdTagInfo info, Instant now, AuthSettings s) throws IOException {
        Optional<IdTagInfo> listed = s.localAuthListEnabled() ? list.get(idTag) : Optional.empty();
        if (list.contains(idTag)) {
            return listed.isPresent() && info.status() != AuthorizeStatus.ConcurrentTx
                    && IdTags.asOf(listed.get(), now).status() != info.status();
        }
        if (s.authorizationCacheEnabled()) {
            cache.put(idTag, info, now);
        }
        return false;
    }
}
