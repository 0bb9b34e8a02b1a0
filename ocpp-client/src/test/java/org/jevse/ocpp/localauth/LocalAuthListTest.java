package org.jevse.ocpp.localauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jevse.ocpp.v16.AuthorizeStatus;
import org.jevse.ocpp.v16.IdTagInfo;
import org.jevse.ocpp.v16.LocalAuthorizationList;
import org.jevse.ocpp.v16.SendLocalListRequest;
import org.jevse.ocpp.v16.SendLocalListStatus;
import org.jevse.ocpp.v16.UpdateType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SendLocalList / GetLocalListVersion rules (OCPP 1.6 §3.5.2, §5.10, §5.15, §6.41, §7.47, errata 3.52). */
class LocalAuthListTest {
    @TempDir
    Path dir;

    private Path file;
    private LocalAuthList list;

    @BeforeEach
    void setUp() throws IOException {
        file = dir.resolve("local-list.json");
        // LocalAuthListMaxLength 4, SendLocalListMaxLength 3.
        list = LocalAuthList.open(file, new LocalListConfig(true, 4, 3));
    }

    static LocalAuthorizationList entry(String idTag, AuthorizeStatus status) {
        return new LocalAuthorizationList(idTag, new IdTagInfo(null, null, status));
    }

    static LocalAuthorizationList delete(String idTag) {
        return new LocalAuthorizationList(idTag, null);
    }

    private SendLocalListStatus send(UpdateType type, int version, LocalAuthorizationList... items) {
        return list.update(new SendLocalListRequest(version, List.of(items), type));
    }

    @Test
    void emptyListHasVersionZero() {
        assertEquals(0, list.version());
        assertEquals(Optional.empty(), list.get("TAG1"));
    }

    @Test
    void fullUpdateReplacesTheListAndSetsTheVersion() {
        assertEquals(SendLocalListStatus.Accepted, send(UpdateType.Full, 234,
                entry("TAG1", AuthorizeStatus.Accepted), entry("TAG2", AuthorizeStatus.Blocked)));
        assertEquals(234, list.version());
        assertEquals(SendLocalListStatus.Accepted, send(UpdateType.Full, 100, entry("TAG3", AuthorizeStatus.Accepted)));
        assertEquals(100, list.version()); // a Full update may go to any version
        assertEquals(Optional.empty(), list.get("TAG1"));
        assertEquals(AuthorizeStatus.Accepted, list.get("TAG3").orElseThrow().status());
    }

    @Test
    void fullUpdateWithoutEntriesEmptiesTheList() {
        send(UpdateType.Full, 5, entry("TAG1", AuthorizeStatus.Accepted));
        assertEquals(SendLocalListStatus.Accepted, list.update(new SendLocalListRequest(6, null, UpdateType.Full)));
        assertEquals(0, list.size());
        assertEquals(0, list.version()); // §5.10: 0 means the list is empty
    }

    @Test
    void differentialAddsUpdatesAndDeletes() {
        send(UpdateType.Full, 234, entry("TAG1", AuthorizeStatus.Accepted), entry("TAG2", AuthorizeStatus.Accepted));
        // §7.1: with idTagInfo the entry is added or updated, without it the entry is deleted.
        assertEquals(SendLocalListStatus.Accepted, send(UpdateType.Differential, 239,
                entry("TAG2", AuthorizeStatus.Blocked), delete("TAG1"), entry("TAG3", AuthorizeStatus.Accepted)));
        assertEquals(239, list.version());
        assertEquals(Optional.empty(), list.get("TAG1"));
        assertEquals(AuthorizeStatus.Blocked, list.get("TAG2").orElseThrow().status());
        assertEquals(AuthorizeStatus.Accepted, list.get("TAG3").orElseThrow().status());
    }

    @Test
    void differentialWithoutEntriesLeavesTheListAndTakesTheVersion() {
        send(UpdateType.Full, 1, entry("TAG1", AuthorizeStatus.Accepted));
        assertEquals(SendLocalListStatus.Accepted,
                list.update(new SendLocalListRequest(2, null, UpdateType.Differential)));
        assertEquals(1, list.size());
        assertEquals(2, list.version());
    }

    @Test
    void differentialAtOrBelowTheCurrentVersionIsAVersionMismatch() {
        send(UpdateType.Full, 10, entry("TAG1", AuthorizeStatus.Accepted));
        assertEquals(SendLocalListStatus.VersionMismatch,
                send(UpdateType.Differential, 10, entry("TAG2", AuthorizeStatus.Accepted)));
        assertEquals(SendLocalListStatus.VersionMismatch,
                send(UpdateType.Differential, 9, entry("TAG2", AuthorizeStatus.Accepted)));
        assertEquals(Optional.empty(), list.get("TAG2"));
        assertEquals(10, list.version());
    }

    @Test
    void versionZeroOrNegativeFails() {
        assertEquals(SendLocalListStatus.Failed, send(UpdateType.Full, 0, entry("TAG1", AuthorizeStatus.Accepted)));
        assertEquals(SendLocalListStatus.Failed, send(UpdateType.Full, -1, entry("TAG1", AuthorizeStatus.Accepted)));
        assertEquals(0, list.size());
    }

    @Test
    void fullEntryWithoutIdTagInfoFails() {
        assertEquals(SendLocalListStatus.Failed, send(UpdateType.Full, 1, delete("TAG1")));
    }

    @Test
    void duplicateIdTagsFailCaseInsensitively() {
        assertEquals(SendLocalListStatus.Failed, send(UpdateType.Full, 1,
                entry("tag1", AuthorizeStatus.Accepted), entry("TAG1", AuthorizeStatus.Blocked)));
        assertEquals(0, list.size());
    }

    @Test
    void moreThanSendLocalListMaxLengthEntriesFail() {
        assertEquals(SendLocalListStatus.Failed, send(UpdateType.Full, 1, entry("A", AuthorizeStatus.Accepted),
                entry("B", AuthorizeStatus.Accepted), entry("C", AuthorizeStatus.Accepted),
                entry("D", AuthorizeStatus.Accepted)));
        assertEquals(SendLocalListStatus.Accepted, send(UpdateType.Full, 1, entry("A", AuthorizeStatus.Accepted),
                entry("B", AuthorizeStatus.Accepted), entry("C", AuthorizeStatus.Accepted)));
    }

    @Test
    void aResultLongerThanLocalAuthListMaxLengthFailsAndKeepsTheList() {
        send(UpdateType.Full, 1, entry("A", AuthorizeStatus.Accepted), entry("B", AuthorizeStatus.Accepted),
                entry("C", AuthorizeStatus.Accepted));
        assertEquals(SendLocalListStatus.Accepted, send(UpdateType.Differential, 2, entry("D", AuthorizeStatus.Accepted)));
        assertEquals(SendLocalListStatus.Failed, send(UpdateType.Differential, 3, entry("E", AuthorizeStatus.Accepted)));
        assertEquals(4, list.size());
        assertEquals(2, list.version());
    }

    @Test
    void lookupIsCaseInsensitive() {
        send(UpdateType.Full, 1, entry("AbCd1234", AuthorizeStatus.Accepted));
        assertTrue(list.contains("abcd1234"));
        assertEquals(AuthorizeStatus.Accepted, list.get("ABCD1234").orElseThrow().status());
    }

    @Test
    void notSupportedWhenTheProfileIsAbsent() throws IOException {
        LocalAuthList none = LocalAuthList.open(dir.resolve("none.json"), new LocalListConfig(false, 4, 3));
        assertEquals(-1, none.version());
        assertEquals(SendLocalListStatus.NotSupported,
                none.update(new SendLocalListRequest(1, List.of(entry("A", AuthorizeStatus.Accepted)), UpdateType.Full)));
        assertFalse(none.contains("A"));
    }

    @Test
    void theListSurvivesAReopen() throws IOException {
        send(UpdateType.Full, 7, new LocalAuthorizationList("TAG1",
                new IdTagInfo("2030-01-01T00:00:00Z", "PARENT", AuthorizeStatus.Accepted)));
        LocalAuthList reopened = LocalAuthList.open(file, new LocalListConfig(true, 4, 3));
        assertEquals(7, reopened.version());
        assertEquals(new IdTagInfo("2030-01-01T00:00:00Z", "PARENT", AuthorizeStatus.Accepted),
                reopened.get("tag1").orElseThrow());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList()); // no temporary file left
        }
    }

    @Test
    void anUpdateThatCannotBeSavedFailsAndChangesNothing() throws IOException {
        send(UpdateType.Full, 1, entry("A", AuthorizeStatus.Accepted));
        Files.delete(file);
        Files.createDirectory(file); // renaming over a directory fails
        assertEquals(SendLocalListStatus.Failed, send(UpdateType.Full, 2, entry("B", AuthorizeStatus.Accepted)));
        assertEquals(1, list.version());
        assertTrue(list.contains("A"));
        assertFalse(list.contains("B"));
    }

    @Test
    void manyIdTagsAtTheLimit() throws IOException {
        LocalAuthList big = LocalAuthList.open(dir.resolve("big.json"), new LocalListConfig(true, 1000, 1000));
        List<LocalAuthorizationList> items = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            items.add(entry("TAG" + i, AuthorizeStatus.Accepted));
        }
        assertEquals(SendLocalListStatus.Accepted, big.update(new SendLocalListRequest(1, items, UpdateType.Full)));
        assertEquals(1000, LocalAuthList.open(dir.resolve("big.json"), new LocalListConfig(true, 1000, 1000)).size());
    }
}
