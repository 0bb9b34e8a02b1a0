package org.jevse.ocpp.cp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.jevse.ocpp.config.Configuration;
import org.jevse.ocpp.localauth.LocalAuthList;
import org.jevse.ocpp.localauth.LocalListConfig;
import org.jevse.ocpp.smartcharging.ConnectorPhases;
import org.jevse.ocpp.smartcharging.SmartChargingConfig;
import org.jevse.ocpp.testkit.UnitChargePoint;
import org.jevse.ocpp.v16.AuthorizeStatus;
import org.jevse.ocpp.v16.IdTagInfo;
import org.jevse.ocpp.v16.LocalAuthorizationList;
import org.jevse.ocpp.v16.SendLocalListRequest;
import org.jevse.ocpp.v16.UpdateType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The authorization rules of a presented tag while the CSMS cannot be asked (OCPP 1.6 §3.5.4), with the
 * integrator's fixed list (the charger's YAML auth.local_list) next to the CSMS's local list, and the remote start
 * that needs no authorization (§5.11 with AuthorizeRemoteTxRequests false). The charge point never connects.
 */
class LocalAuthorizationRulesTest {
    private static final Set<String> FIXED = Set.of("FIXED", "BLOCKED");

    @TempDir
    Path dir;
    private UnitChargePoint u;
    private LocalAuthorization auth;

    @BeforeEach
    void offlineWithABlockedTagInTheLocalList() throws Exception {
        LocalAuthList.open(dir.resolve("local-list.json"), LocalListConfig.DEFAULT).update(new SendLocalListRequest(1,
                List.of(new LocalAuthorizationList("BLOCKED", new IdTagInfo(null, null, AuthorizeStatus.Blocked))),
                UpdateType.Full));
        SmartChargingConfig sc = SmartChargingConfig.singleConnector(32);
        u = new UnitChargePoint(dir, Features.PROFILES, Features.keys(LocalListConfig.DEFAULT, sc, false),
                new Features.Setup(Features.open(dir, LocalListConfig.DEFAULT, sc, 10),
                        (tag, answer) -> answer.accept(FIXED.contains(tag)), () -> ConnectorPhases.fixed(3), l -> { }));
        set(LocalAuthorization.LOCAL_AUTH_LIST_ENABLED, "true");
        set(LocalAuthorization.LOCAL_AUTHORIZE_OFFLINE, "true");
        set(LocalAuthorization.ALLOW_OFFLINE_TX_FOR_UNKNOWN_ID, "false");
        auth = u.cp.features().authorization();
        assertFalse(u.cp.online());
    }

    private void set(String key, String value) {
        assertEquals(Configuration.Change.Accepted, u.config.change(key, value), key);
    }

    private boolean decide(String tag) {
        AtomicReference<Boolean> d = new AtomicReference<>();
        auth.authorize(1, tag, d::set);
        return d.get();
    }

    @Test
    void aTagOnlyTheFixedListKnowsChargesOffline() {
        assertEquals(true, decide("FIXED"));
        assertEquals(false, decide("STRANGER"));
    }

    @Test
    void aTagTheLocalListBlocksIsRefusedOfflineEvenIfTheFixedListKnowsIt() {
        // §3.5.4: an identifier that is locally not valid MUST be rejected offline.
        assertEquals(false, decide("BLOCKED"));
    }

    @Test
    void withoutLocalAuthorizeOfflineTheFixedListIsNotAsked() {
        set(LocalAuthorization.LOCAL_AUTHORIZE_OFFLINE, "false");
        assertEquals(false, decide("FIXED"));
    }

    @Test
    void allowOfflineTxForUnknownIdStillRefusesABlockedTag() {
        set(LocalAuthorization.ALLOW_OFFLINE_TX_FOR_UNKNOWN_ID, "true");
        assertEquals(true, decide("STRANGER"));
        assertEquals(false, decide("BLOCKED"));
    }

    @Test
    void aRemoteStartIsAuthorizedOnceWhenAuthorizeRemoteTxRequestsIsFalse() {
        set(LocalAuthorization.AUTHORIZE_REMOTE_TX_REQUESTS, "false");
        auth.remoteStartAccepted("REMOTE-1");
        assertEquals(true, decide("REMOTE-1"));
        assertEquals(false, decide("REMOTE-1"), "the next presentation is an ordinary, offline one");
    }

    @Test
    void aRemoteStartIsAuthorizedLikeACardWhenAuthorizeRemoteTxRequestsIsTrue() {
        set(LocalAuthorization.AUTHORIZE_REMOTE_TX_REQUESTS, "true");
        auth.remoteStartAccepted("REMOTE-2");
        assertEquals(false, decide("REMOTE-2"));
    }
}
