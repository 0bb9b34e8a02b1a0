package org.jevse.ocpp.cp;

import java.io.IOException;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.jevse.ocpp.config.Configuration;
import org.jevse.ocpp.config.StandardKeys;
import org.jevse.ocpp.localauth.Authorizer;
import org.jevse.ocpp.v16.AuthorizeStatus;
import org.jevse.ocpp.v16.IdTagInfo;

/**
 * Authorization of a presented tag (OCPP 1.6 §3.5): the Local Authorization List and the Authorization Cache
 * decide first (LocalPreAuthorize online, LocalAuthorizeOffline and AllowOfflineTxForUnknownId offline), otherwise
 * Authorize.req; every IdTagInfo from the CSMS updates the cache.
 */
public final class LocalAuthorization {
    private static final Logger LOG = Logger.getLogger(LocalAuthorization.class.getName());
    private final ChargePoint cp;
    private final Authorizer authorizer;
    private final Configuration keys;
    /** The parentIdTag of recently decided tags (reservations held by a group, OCPP 1.6 §5.13). */
    private final java.util.Map<String, String> parents = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<String, String> e) {
                    return size() > 256;
                }
            });

    public LocalAuthorization(ChargePoint cp, Authorizer authorizer, Configuration keys) {
        this.cp = cp;
        this.authorizer = authorizer;
        this.keys = keys;
        cp.setIdTagInfoListener(this::onIdTagInfo);
    }

    private Authorizer.AuthSettings settings() {
        return new Authorizer.AuthSettings(keys.getBool(Features.LOCAL_AUTH_LIST_ENABLED),
                keys.getBool(StandardKeys.AUTHORIZATION_CACHE_ENABLED), keys.getBool(StandardKeys.LOCAL_PRE_AUTHORIZE),
                keys.getBool(StandardKeys.LOCAL_AUTHORIZE_OFFLINE),
                keys.getBool(StandardKeys.ALLOW_OFFLINE_TX_FOR_UNKNOWN_ID));
    }

    private Instant now() {
        return Instant.ofEpochMilli(cp.csmsNowMs());
    }

    /** Decides on {@code idTag}; {@code decision} may run on any thread. */
    public void authorize(String idTag, Consumer<Boolean> decision) {
        Authorizer.AuthSettings s = settings();
        Authorizer.AuthDecision d = authorizer.decide(idTag, cp.online(), now(), s);
        rememberParent(idTag, d.idTagInfo());
        switch (d.decision()) {
            case ACCEPT:
                decision.accept(true);
                return;
            case REJECT:
                decision.accept(false);
                return;
            case ASK_CENTRAL_SYSTEM:
            default:
                cp.authorize(idTag, info -> {
                    if (info == null) {
                        // the CSMS could not be asked after all: decide as offline
                        decision.accept(authorizer.decide(idTag, false, now(), s).decision()
                                == Authorizer.Decision.ACCEPT);
                    } else {
                        rememberParent(idTag, info);
                        onIdTagInfo(idTag, info);
                        decision.accept(info.status() == AuthorizeStatus.Accepted);
                    }
                });
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
