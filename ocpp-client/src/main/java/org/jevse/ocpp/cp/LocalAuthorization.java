package org.jevse.ocpp.cp;

import java.util.List;
import java.io.IOException;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.jevse.ocpp.config.Configuration;
import org.jevse.ocpp.config.ConfigKey;
import org.jevse.ocpp.localauth.LocalListConfig;
import org.jevse.ocpp.localauth.Authorizer;
import org.jevse.ocpp.v16.AuthorizeStatus;
import org.jevse.ocpp.v16.IdTagInfo;

/**
 * Authorization of a presented tag (OCPP 1.6 §3.5), every rule in one place: a tag the CSMS sent in a
 * RemoteStartTransaction is authorized already when AuthorizeRemoteTxRequests is false (§5.11); otherwise the Local
 * Authorization List and the Authorization Cache decide first (LocalPreAuthorize online, LocalAuthorizeOffline and
 * AllowOfflineTxForUnknownId offline), then Authorize.req; offline, a tag unknown to both may still be in the
 * integrator's fixed list ({@link FixedList}, with LocalAuthorizeOffline). Whatever decided, a connector reserved
 * for another idTag refuses it (§5.13). Every IdTagInfo from the CSMS updates the cache.
 */
public final class LocalAuthorization {
    private static final Logger LOG = Logger.getLogger(LocalAuthorization.class.getName());
    public static final String ALLOW_OFFLINE_TX_FOR_UNKNOWN_ID = "AllowOfflineTxForUnknownId";
    public static final String AUTHORIZATION_CACHE_ENABLED = "AuthorizationCacheEnabled";
    public static final String AUTHORIZE_REMOTE_TX_REQUESTS = "AuthorizeRemoteTxRequests";
    public static final String LOCAL_AUTHORIZE_OFFLINE = "LocalAuthorizeOffline";
    public static final String LOCAL_PRE_AUTHORIZE = "LocalPreAuthorize";
    public static final String LOCAL_AUTH_LIST_ENABLED = "LocalAuthListEnabled";
    public static final String LOCAL_AUTH_LIST_MAX_LENGTH = "LocalAuthListMaxLength";
    public static final String SEND_LOCAL_LIST_MAX_LENGTH = "SendLocalListMaxLength";

    /**
     * The Core profile's authorization keys (OCPP 1.6 §9.1.1, §9.1.3, §9.1.12, §9.1.13): every charge point has
     * them, RemoteStartTransaction reads AuthorizeRemoteTxRequests even without the local list.
     */
    public static List<ConfigKey> coreKeys() {
        return List.of(ConfigKey.bool(ALLOW_OFFLINE_TX_FOR_UNKNOWN_ID, false, false),
                ConfigKey.bool(AUTHORIZE_REMOTE_TX_REQUESTS, false, true),
                ConfigKey.bool(LOCAL_AUTHORIZE_OFFLINE, false, true),
                ConfigKey.bool(LOCAL_PRE_AUTHORIZE, false, false));
    }

    /** The keys of the Authorization Cache and the LocalAuthListManagement profile (§9.1.2, §9.2). */
    public static List<ConfigKey> listKeys(LocalListConfig list) {
        return List.of(ConfigKey.bool(AUTHORIZATION_CACHE_ENABLED, false, true),
                ConfigKey.bool(LOCAL_AUTH_LIST_ENABLED, false, true),
                ConfigKey.integer(LOCAL_AUTH_LIST_MAX_LENGTH, true, list.localAuthListMaxLength(), 0, 1_000_000),
                ConfigKey.integer(SEND_LOCAL_LIST_MAX_LENGTH, true, list.sendLocalListMaxLength(), 0, 1_000_000));
    }

    /** The integrator's own list of tags (not managed by the CSMS), consulted offline only; answers on any thread. */
    @FunctionalInterface
    public interface FixedList {
        void knows(String idTag, Consumer<Boolean> answer);
    }

    private final Features.Core core;
    private final Authorizer authorizer;
    private final Configuration keys;
    private final Reservations reservations;
    private final FixedList fixedList;
    /** Tags of accepted RemoteStartTransactions not yet presented (AuthorizeRemoteTxRequests false). */
    private final java.util.Set<String> remoteStarts = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The parentIdTag of recently decided tags (reservations held by a group, OCPP 1.6 §5.13). */
    private final java.util.Map<String, String> parents = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<String, String> e) {
                    return size() > 256;
                }
            });

    LocalAuthorization(Features.Core core, Authorizer authorizer, Reservations reservations, FixedList fixedList) {
        this.core = core;
        this.authorizer = authorizer;
        this.keys = core.config();
        this.reservations = reservations;
        this.fixedList = fixedList;
        core.transactions().addIdTagInfoListener(this::onIdTagInfo);
    }

    private Authorizer.AuthSettings settings() {
        return new Authorizer.AuthSettings(keys.getBool(LOCAL_AUTH_LIST_ENABLED),
                keys.getBool(AUTHORIZATION_CACHE_ENABLED), keys.getBool(LOCAL_PRE_AUTHORIZE),
                keys.getBool(LOCAL_AUTHORIZE_OFFLINE),
                keys.getBool(ALLOW_OFFLINE_TX_FOR_UNKNOWN_ID));
    }

    private Instant now() {
        return Instant.ofEpochMilli(core.boot().csmsNowMs());
    }

    /**
     * A RemoteStartTransaction for {@code idTag} was accepted: with AuthorizeRemoteTxRequests false (§5.11) the
     * tag, when the charger presents it, needs no further authorization.
     */
    public void remoteStartAccepted(String idTag) {
        if (!keys.getBool(AUTHORIZE_REMOTE_TX_REQUESTS)) {
            remoteStarts.add(idTag);
        }
    }

    /** Decides on {@code idTag} presented at {@code connectorId}; {@code decision} may run on any thread. */
    public void authorize(int connectorId, String idTag, Consumer<Boolean> decision) {
        Consumer<Boolean> checked = accepted -> {
            // OCPP 1.6 §5.13: a connector reserved for another idTag (or group) refuses this one.
            if (accepted && reservations.check(connectorId, idTag, parentOf(idTag))
                    == Reservations.Verdict.RESERVED_FOR_OTHER) {
                LOG.info("idTag " + idTag + " refused: connector " + connectorId + " is reserved for another idTag");
                decision.accept(false);
            } else {
                decision.accept(accepted);
            }
        };
        if (remoteStarts.remove(idTag)) {
            checked.accept(true);
            return;
        }
        decide(idTag, checked);
    }

    /** The reservation a transaction starting for {@code idTag} fulfils (it ends with the start, §5.13), or null. */
    public Integer transactionStarting(int connectorId, String idTag) {
        return reservations.transactionStarted(connectorId, idTag, parentOf(idTag));
    }

    private void decide(String idTag, Consumer<Boolean> decision) {
        Authorizer.AuthSettings s = settings();
        Authorizer.AuthDecision d = authorizer.decide(idTag, core.boot().online(), now(), s);
        rememberParent(idTag, d.idTagInfo());
        switch (d.decision()) {
            case ACCEPT:
                decision.accept(true);
                return;
            case REJECT:
                if (d.source() == Authorizer.Source.NONE && !core.boot().online()) {
                    offlineUnknown(idTag, s, decision);
                } else {
                    decision.accept(false);
                }
                return;
            case ASK_CENTRAL_SYSTEM:
            default:
                core.authorize().ask(idTag, info -> {
                    if (info == null) {
                        // the CSMS could not be asked after all: decide as offline
                        Authorizer.AuthDecision off = authorizer.decide(idTag, false, now(), s);
                        if (off.decision() == Authorizer.Decision.REJECT && off.source() == Authorizer.Source.NONE) {
                            offlineUnknown(idTag, s, decision);
                        } else {
                            decision.accept(off.decision() == Authorizer.Decision.ACCEPT);
                        }
                    } else {
                        rememberParent(idTag, info);
                        onIdTagInfo(idTag, info);
                        decision.accept(info.status() == AuthorizeStatus.Accepted);
                    }
                });
        }
    }

    /**
     * Offline, a tag that neither the local list nor the cache knows (and AllowOfflineTxForUnknownId is off): with
     * LocalAuthorizeOffline the integrator's fixed list may know it (§3.5.4 leaves the local sources to the charger).
     */
    private void offlineUnknown(String idTag, Authorizer.AuthSettings s, Consumer<Boolean> decision) {
        if (fixedList != null && s.localAuthorizeOffline()) {
            fixedList.knows(idTag, decision);
        } else {
            decision.accept(false);
        }
    }

    /** The parentIdTag of {@code idTag} as last learnt from the local list, the cache or the CSMS, or null. */
    public String parentOf(String idTag) {
        return idTag == null ? null : parents.get(idTag.toUpperCase(java.util.Locale.ROOT));
    }

    private void rememberParent(String idTag, IdTagInfo info) {
        if (info != null && info.parentIdTag() != null && idTag != null) {
            parents.put(idTag.toUpperCase(java.util.Locale.ROOT), info.parentIdTag());
        }
    }

    void onIdTagInfo(String idTag, IdTagInfo info) {
        rememberParent(idTag, info);
        try {
            if (authorizer.onIdTagInfo(idTag, info, now(), settings())) {
                LOG.warning("the CSMS contradicts the local list for " + idTag);
            }
        } catch (IOException e) {
            LOG.warning("authorization cache not updated: " + e);
        }
    }
}
