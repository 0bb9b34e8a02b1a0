package org.jevse.ocpp.localauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.jevse.ocpp.v16.AuthorizeStatus;
import org.jevse.ocpp.v16.ClearCacheStatus;
import org.jevse.ocpp.v16.IdTagInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Authorization Cache semantics (OCPP 1.6 §3.5.1, §5.4, errata 3.4). */
class AuthorizationCacheTest {
    private static final Instant NOW = Instant.parse("2024-05-10T11:00:00Z");

    @TempDir
    Path dir;

    private Path file;
    private AuthorizationCache cache;

    @BeforeEach
    void setUp() throws IOException {
        file = dir.resolve("cache.json");
        cache = AuthorizationCache.open(file, 3);
    }

    static IdTagInfo info(AuthorizeStatus status) {
        return new IdTagInfo(null, null, status);
    }

    static IdTagInfo accepted(String expiry) {
        return new IdTagInfo(expiry, null, AuthorizeStatus.Accepted);
    }

    private boolean has(String idTag) {
        return cache.get(idTag, NOW).isPresent();
    }

    @Test
    void keepsTheLatestInfoPerIdentifierValidOrNot() throws IOException {
        cache.put("TAG1", info(AuthorizeStatus.Accepted), NOW);
        cache.put("TAG2", info(AuthorizeStatus.Blocked), NOW);
        cache.put("tag1", info(AuthorizeStatus.Invalid), NOW); // same identifier, case-insensitive: updated
        assertEquals(2, cache.size());
        assertEquals(AuthorizeStatus.Invalid, cache.get("TAG1", NOW).orElseThrow().status());
        assertEquals(AuthorizeStatus.Blocked, cache.get("Tag2", NOW).orElseThrow().status());
        assertEquals(Optional.empty(), cache.get("TAG3", NOW));
    }

    @Test
    void anEntryPastItsExpiryDateReadsAsExpired() throws IOException {
        cache.put("TAG1", accepted("2024-05-10T12:00:00Z"), NOW);
        assertEquals(AuthorizeStatus.Accepted,
                cache.get("TAG1", Instant.parse("2024-05-10T11:59:59Z")).orElseThrow().status());
        IdTagInfo later = cache.get("TAG1", Instant.parse("2024-05-10T12:00:00Z")).orElseThrow();
        assertEquals(AuthorizeStatus.Expired, later.status());
        assertEquals("2024-05-10T12:00:00Z", later.expiryDate());
    }

    @Test
    void whenFullNotValidEntriesGoFirst() throws IOException {
        cache.put("A", info(AuthorizeStatus.Accepted), NOW);
        cache.put("B", info(AuthorizeStatus.Blocked), NOW);
        cache.put("C", info(AuthorizeStatus.Accepted), NOW);
        cache.put("D", info(AuthorizeStatus.Accepted), NOW);
        assertTrue(has("A") && !has("B") && has("C") && has("D"));
    }

    @Test
    void thenTheOldestValidEntry() throws IOException {
        cache.put("A", info(AuthorizeStatus.Accepted), NOW);
        cache.put("B", info(AuthorizeStatus.Accepted), NOW);
        cache.put("C", info(AuthorizeStatus.Accepted), NOW);
        cache.put("A", info(AuthorizeStatus.Accepted), NOW); // refreshed: B is now the oldest
        cache.put("D", info(AuthorizeStatus.Accepted), NOW);
        assertTrue(has("A") && !has("B") && has("C") && has("D"));
    }

    @Test
    void anExpiredEntryCountsAsNotValidForEviction() throws IOException {
        cache.put("OLD", info(AuthorizeStatus.Accepted), NOW);
        cache.put("EXPIRING", accepted("2024-05-10T10:00:00Z"), Instant.parse("2024-05-10T09:00:00Z"));
        cache.put("C", info(AuthorizeStatus.Accepted), NOW);
        cache.put("D", info(AuthorizeStatus.Accepted), NOW);
        assertTrue(has("OLD") && !has("EXPIRING") && has("C") && has("D"));
    }

    @Test
    void clearCacheEmptiesItDurably() throws IOException {
        cache.put("A", info(AuthorizeStatus.Accepted), NOW);
        assertEquals(ClearCacheStatus.Accepted, cache.clear());
        assertEquals(0, cache.size());
        assertEquals(0, AuthorizationCache.open(file, 3).size());
    }

    @Test
    void clearThatCannotBeSavedIsRejected() throws IOException {
        cache.put("A", info(AuthorizeStatus.Accepted), NOW);
        Files.delete(file);
        Files.createDirectory(file);
        assertEquals(ClearCacheStatus.Rejected, cache.clear());
        assertEquals(1, cache.size());
    }

    @Test
    void entriesAndTheirAgeSurviveAReopen() throws IOException {
        cache.put("A", info(AuthorizeStatus.Accepted), NOW);
        cache.put("B", accepted("2030-01-01T00:00:00+01:00"), NOW);
        cache.put("C", info(AuthorizeStatus.Accepted), NOW);
        AuthorizationCache reopened = AuthorizationCache.open(file, 3);
        assertEquals(accepted("2030-01-01T00:00:00+01:00"), reopened.get("B", NOW).orElseThrow());
        reopened.put("D", info(AuthorizeStatus.Accepted), NOW); // A is still the oldest after the reopen
        assertEquals(Optional.empty(), reopened.get("A", NOW));
        assertTrue(reopened.get("B", NOW).isPresent());
    }
}
