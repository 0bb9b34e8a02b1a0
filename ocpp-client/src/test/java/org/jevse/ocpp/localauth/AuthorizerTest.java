package org.jevse.ocpp.localauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.jevse.ocpp.localauth.Authorizer.AuthDecision;
import org.jevse.ocpp.localauth.Authorizer.AuthSettings;
import org.jevse.ocpp.localauth.Authorizer.Decision;
import org.jevse.ocpp.localauth.Authorizer.Source;
import org.jevse.ocpp.v16.AuthorizeStatus;
import org.jevse.ocpp.v16.IdTagInfo;
import org.jevse.ocpp.v16.LocalAuthorizationList;
import org.jevse.ocpp.v16.SendLocalListRequest;
import org.jevse.ocpp.v16.SendLocalListStatus;
import org.jevse.ocpp.v16.UpdateType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LocalPreAuthorize, LocalAuthorizeOffline, AllowOfflineTxForUnknownId and list/cache priority (OCPP 1.6 §3.5). */
class AuthorizerTest {
    private static final Instant NOW = Instant.parse("2024-05-10T11:00:00Z");
    private static final boolean ONLINE = true;
    private static final boolean OFFLINE = false;

    @TempDir
    Path dir;

    private LocalAuthList list;
    private AuthorizationCache cache;
    private Authorizer authorizer;

    @BeforeEach
    void setUp() throws IOException {
        list = LocalAuthList.open(dir.resolve("list.json"), new LocalListConfig(true, 100, 100));
        cache = AuthorizationCache.open(dir.resolve("cache.json"), 100);
        authorizer = new Authorizer(list, cache);
    }

    /** Everything on except AllowOfflineTxForUnknownId, then overridden per test. */
    private static AuthSettings settings(boolean preAuthorize, boolean authorizeOffline, boolean unknownOffline) {
        return new AuthSettings(true, true, preAuthorize, authorizeOffline, unknownOffline);
    }

    private static final AuthSettings ALL_LOCAL = settings(true, true, false);

    private void listed(String idTag, IdTagInfo info) {
        assertEquals(SendLocalListStatus.Accepted, list.update(new SendLocalListRequest(list.version() + 1,
                List.of(new LocalAuthorizationList(idTag, info)), UpdateType.Differential)));
    }

    private static IdTagInfo info(AuthorizeStatus s) {
        return new IdTagInfo(null, null, s);
    }

    private AuthDecision decide(String idTag, boolean online, AuthSettings s) {
        return authorizer.decide(idTag, online, NOW, s);
    }

    @Test
    void unknownIdentifierOnlineIsAskedFor() {
        assertEquals(new AuthDecision(Decision.ASK_CENTRAL_SYSTEM, Source.NONE, null), decide("X", ONLINE, ALL_LOCAL));
    }

    @Test
    void unknownIdentifierOfflineDependsOnAllowOfflineTxForUnknownId() {
        assertEquals(new AuthDecision(Decision.REJECT, Source.NONE, null),
                decide("X", OFFLINE, settings(true, true, false)));
        assertEquals(new AuthDecision(Decision.ACCEPT, Source.UNKNOWN_OFFLINE, null),
                decide("X", OFFLINE, settings(true, true, true)));
    }

    @Test
    void listedValidIdentifierOnlineFollowsLocalPreAuthorize() {
        listed("TAG", info(AuthorizeStatus.Accepted));
        assertEquals(new AuthDecision(Decision.ACCEPT, Source.LOCAL_LIST, info(AuthorizeStatus.Accepted)),
                decide("tag", ONLINE, settings(true, false, false)));
        assertEquals(Decision.ASK_CENTRAL_SYSTEM, decide("TAG", ONLINE, settings(false, true, true)).decision());
    }

    @Test
    void listedValidIdentifierOfflineFollowsLocalAuthorizeOffline() {
        listed("TAG", info(AuthorizeStatus.Accepted));
        assertEquals(new AuthDecision(Decision.ACCEPT, Source.LOCAL_LIST, info(AuthorizeStatus.Accepted)),
                decide("TAG", OFFLINE, settings(false, true, false)));
        // Without LocalAuthorizeOffline the entry may not be used: handled as an unknown identifier.
        assertEquals(new AuthDecision(Decision.REJECT, Source.NONE, null),
                decide("TAG", OFFLINE, settings(true, false, false)));
        assertEquals(new AuthDecision(Decision.ACCEPT, Source.UNKNOWN_OFFLINE, null),
                decide("TAG", OFFLINE, settings(true, false, true)));
    }

    @Test
    void listedConcurrentTxCountsAsValid() {
        // §3.5.2: valid entries carry Accepted or ConcurrentTx.
        listed("TAG", info(AuthorizeStatus.ConcurrentTx));
        assertEquals(Decision.ACCEPT, decide("TAG", OFFLINE, ALL_LOCAL).decision());
    }

    @Test
    void listedNotValidIdentifierIsRejectedOfflineEvenWhenUnknownsAreAllowed() {
        for (AuthorizeStatus s : List.of(AuthorizeStatus.Blocked, AuthorizeStatus.Expired, AuthorizeStatus.Invalid)) {
            listed("TAG", info(s));
            assertEquals(new AuthDecision(Decision.REJECT, Source.LOCAL_LIST, info(s)),
                    decide("TAG", OFFLINE, settings(true, true, true)));
            assertEquals(new AuthDecision(Decision.ASK_CENTRAL_SYSTEM, Source.LOCAL_LIST, info(s)),
                    decide("TAG", ONLINE, settings(true, true, true)));
        }
    }

    @Test
    void listedIdentifierPastItsExpiryDateIsRejectedOffline() {
        // §3.5.4: "Identifiers that were valid but are apparently expired due to passage of time MUST also be
        // rejected."
        listed("TAG", new IdTagInfo("2024-05-10T10:00:00Z", null, AuthorizeStatus.Accepted));
        AuthDecision d = decide("TAG", OFFLINE, settings(true, true, true));
        assertEquals(Decision.REJECT, d.decision());
        assertEquals(AuthorizeStatus.Expired, d.idTagInfo().status());
    }

    @Test
    void disabledListIsIgnored() {
        listed("TAG", info(AuthorizeStatus.Blocked));
        AuthSettings listOff = new AuthSettings(false, true, true, true, true);
        assertEquals(new AuthDecision(Decision.ACCEPT, Source.UNKNOWN_OFFLINE, null), decide("TAG", OFFLINE, listOff));
    }

    @Test
    void cachedValidIdentifier() throws IOException {
        cache.put("TAG", new IdTagInfo(null, "PARENT", AuthorizeStatus.Accepted), NOW);
        AuthDecision online = decide("TAG", ONLINE, settings(true, false, false));
        assertEquals(Decision.ACCEPT, online.decision());
        assertEquals(Source.CACHE, online.source());
        assertEquals("PARENT", online.idTagInfo().parentIdTag());
        assertEquals(Decision.ASK_CENTRAL_SYSTEM, decide("TAG", ONLINE, settings(false, true, false)).decision());
        assertEquals(Decision.ACCEPT, decide("TAG", OFFLINE, settings(false, true, false)).decision());
        assertEquals(new AuthDecision(Decision.REJECT, Source.NONE, null),
                decide("TAG", OFFLINE, settings(true, false, false)));
    }

    @Test
    void cachedNotValidIdentifierIsAskedForOnlineAndRejectedOffline() throws IOException {
        cache.put("TAG", info(AuthorizeStatus.Invalid), NOW);
        // §3.5.1: an identifier cached as NOT-valid SHOULD be checked with Authorize.req when online.
        assertEquals(Decision.ASK_CENTRAL_SYSTEM, decide("TAG", ONLINE, ALL_LOCAL).decision());
        assertEquals(new AuthDecision(Decision.REJECT, Source.CACHE, info(AuthorizeStatus.Invalid)),
                decide("TAG", OFFLINE, settings(true, true, true)));
        cache.put("OLD", new IdTagInfo("2024-05-10T10:59:59Z", null, AuthorizeStatus.Accepted), NOW);
        assertEquals(Decision.REJECT, decide("OLD", OFFLINE, settings(true, true, true)).decision());
    }

    @Test
    void disabledCacheIsIgnored() throws IOException {
        cache.put("TAG", info(AuthorizeStatus.Accepted), NOW);
        AuthSettings cacheOff = new AuthSettings(true, false, true, true, false);
        assertEquals(new AuthDecision(Decision.REJECT, Source.NONE, null), decide("TAG", OFFLINE, cacheOff));
    }

    @Test
    void localListHasPriorityOverTheCache() throws IOException {
        cache.put("TAG", info(AuthorizeStatus.Accepted), NOW);
        listed("TAG", info(AuthorizeStatus.Blocked));
        assertEquals(new AuthDecision(Decision.REJECT, Source.LOCAL_LIST, info(AuthorizeStatus.Blocked)),
                decide("TAG", OFFLINE, ALL_LOCAL));
    }

    @Test
    void idTagInfoFromTheCentralSystemUpdatesTheCacheExceptForListedIdentifiers() throws IOException {
        assertFalse(authorizer.onIdTagInfo("NEW", info(AuthorizeStatus.Accepted), NOW, ALL_LOCAL));
        assertEquals(AuthorizeStatus.Accepted, cache.get("NEW", NOW).orElseThrow().status());
        listed("LISTED", info(AuthorizeStatus.Accepted));
        assertFalse(authorizer.onIdTagInfo("LISTED", info(AuthorizeStatus.Accepted), NOW, ALL_LOCAL));
        assertTrue(cache.get("LISTED", NOW).isEmpty()); // §3.5.3: never cached
        AuthSettings cacheOff = new AuthSettings(true, false, true, true, false);
        authorizer.onIdTagInfo("OTHER", info(AuthorizeStatus.Accepted), NOW, cacheOff);
        assertTrue(cache.get("OTHER", NOW).isEmpty());
    }

    @Test
    void aStatusContradictingTheListIsALocalListConflict() throws IOException {
        listed("TAG", info(AuthorizeStatus.Accepted));
        assertTrue(authorizer.onIdTagInfo("TAG", info(AuthorizeStatus.Blocked), NOW, ALL_LOCAL));
        assertFalse(authorizer.onIdTagInfo("TAG", info(AuthorizeStatus.ConcurrentTx), NOW, ALL_LOCAL));
        assertFalse(authorizer.onIdTagInfo("TAG", info(AuthorizeStatus.Accepted), NOW, ALL_LOCAL));
        assertNull(decide("NOPE", ONLINE, ALL_LOCAL).idTagInfo());
    }
}
