package org.jevse.ocpp.smartcharging;

import static org.jevse.ocpp.smartcharging.Profiles.cpMax;
import static org.jevse.ocpp.smartcharging.Profiles.period;
import static org.jevse.ocpp.smartcharging.Profiles.txDefault;
import static org.jevse.ocpp.smartcharging.Profiles.txProfile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jevse.ocpp.v16.ChargingProfilePurpose;
import org.jevse.ocpp.v16.ChargingRateUnit;
import org.jevse.ocpp.v16.ChargingSchedulePeriod;
import org.jevse.ocpp.v16.ClearChargingProfileRequest;
import org.jevse.ocpp.v16.ClearChargingProfileStatus;
import org.jevse.ocpp.rpc.OcppJson;
import org.jevse.ocpp.v16.RecurrencyKind;
import org.jevse.ocpp.v16.SetChargingProfileRequest;
import org.jevse.ocpp.v16.SetChargingProfileStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SetChargingProfile / ClearChargingProfile rules (OCPP 1.6 §3.13, §5.5, §5.16, errata) and persistence. */
class ProfileStoreRulesTest {
    private static final String START = "2024-01-01T00:00:00Z";
    private static final Optional<ActiveTransaction> NO_TX = Optional.empty();
    private static final Optional<ActiveTransaction> TX_7 =
            Optional.of(new ActiveTransaction(7, Instant.parse("2024-05-10T10:00:00Z")));

    @TempDir
    Path dir;

    private Path file;
    private ProfileStore store;

    @BeforeEach
    void setUp() throws IOException {
        file = dir.resolve("profiles.json");
        store = ProfileStore.open(file, config(16, EnumSet.allOf(ChargingRateUnit.class)));
    }

    private static SmartChargingConfig config(int maxInstalled, EnumSet<ChargingRateUnit> units) {
        // 2 connectors, stack levels 0..3, at most 4 periods.
        return new SmartChargingConfig(2, 3, 4, maxInstalled, units, 230, 32);
    }

    private SetChargingProfileStatus set(Profiles.B b, int connectorId, Optional<ActiveTransaction> tx) {
        return store.set(b.request(connectorId), tx);
    }

    private List<Integer> installedIds() {
        return store.installed().stream().map(ip -> ip.profile().chargingProfileId()).sorted().toList();
    }

    @Test
    void stackLevelZeroAndTheMaximumAreAcceptedForEveryPurpose() {
        assertEquals(SetChargingProfileStatus.Accepted, set(cpMax(1, 0).absolute(START), 0, NO_TX));
        assertEquals(SetChargingProfileStatus.Accepted, set(txDefault(2, 0).absolute(START), 0, NO_TX));
        assertEquals(SetChargingProfileStatus.Accepted, set(txProfile(3, 0).absolute(START), 1, TX_7));
        assertEquals(SetChargingProfileStatus.Accepted, set(txDefault(4, 3).absolute(START), 0, NO_TX));
        assertEquals(SetChargingProfileStatus.Rejected, set(txDefault(5, 4).absolute(START), 0, NO_TX));
        assertEquals(SetChargingProfileStatus.Rejected, set(txDefault(6, -1).absolute(START), 0, NO_TX));
        assertEquals(List.of(1, 2, 3, 4), installedIds());
    }

    @Test
    void purposeAndConnectorRules() {
        // §3.13.1: ChargePointMaxProfile only at connector 0, TxProfile only at connector > 0 with a transaction.
        assertEquals(SetChargingProfileStatus.Rejected, set(cpMax(1, 0).absolute(START), 1, NO_TX));
        assertEquals(SetChargingProfileStatus.Rejected, set(txProfile(2, 0).absolute(START), 0, TX_7));
        assertEquals(SetChargingProfileStatus.Rejected, set(txProfile(3, 0).absolute(START), 1, NO_TX));
        assertEquals(List.of(), installedIds());
    }

    @Test
    void transactionIdMustMatchTheActiveTransactionAndOnlyOnATxProfile() {
        assertEquals(SetChargingProfileStatus.Rejected, set(txProfile(1, 0).absolute(START).tx(8), 1, TX_7));
        assertEquals(SetChargingProfileStatus.Accepted, set(txProfile(1, 0).absolute(START).tx(7), 1, TX_7));
        // The id is not known yet (offline start): the profile is taken for the running transaction.
        assertEquals(SetChargingProfileStatus.Accepted, set(txProfile(2, 1).absolute(START).tx(9), 2,
                Optional.of(new ActiveTransaction(null, Instant.parse("2024-05-10T10:00:00Z")))));
        assertEquals(SetChargingProfileStatus.Rejected, set(txDefault(3, 0).absolute(START).tx(7), 1, NO_TX));
    }

    @Test
    void unknownConnectorIsAPropertyConstraintViolation() {
        assertThrows(InvalidConnectorException.class, () -> set(txDefault(1, 0).absolute(START), 3, NO_TX));
        assertThrows(InvalidConnectorException.class, () -> set(txDefault(1, 0).absolute(START), -1, NO_TX));
    }

    @Test
    void scheduleShapeRules() {
        // First period at 0 (errata 3.45), increasing, at most ChargingScheduleMaxPeriods (4), limit >= 0,
        // numberPhases 1..3.
        assertEquals(SetChargingProfileStatus.Rejected,
                set(txDefault(1, 0).absolute(START).periods(period(60, 10)), 0, NO_TX));
        assertEquals(SetChargingProfileStatus.Rejected,
                set(txDefault(1, 0).absolute(START).periods(period(0, 10), period(600, 8), period(600, 6)), 0,
                        NO_TX));
        assertEquals(SetChargingProfileStatus.Rejected, set(txDefault(1, 0).absolute(START).periods(period(0, 1),
                period(1, 2), period(2, 3), period(3, 4), period(4, 5)), 0, NO_TX));
        assertEquals(SetChargingProfileStatus.Accepted, set(txDefault(1, 0).absolute(START).periods(period(0, 1),
                period(1, 2), period(2, 3), period(3, 4)), 0, NO_TX));
        assertEquals(SetChargingProfileStatus.Rejected,
                set(txDefault(2, 1).absolute(START).periods(period(0, -1)), 0, NO_TX));
        assertEquals(SetChargingProfileStatus.Rejected,
                set(txDefault(2, 1).absolute(START).periods(period(0, 10, 4)), 0, NO_TX));
        assertEquals(SetChargingProfileStatus.Rejected,
                set(txDefault(2, 1).absolute(START).periods(new ChargingSchedulePeriod[0]), 0, NO_TX));
        assertEquals(List.of(1), installedIds());
    }

    @Test
    void kindRules() {
        Profiles.B absoluteWithoutStart = txDefault(1, 0);
        absoluteWithoutStart.startSchedule = null;
        assertEquals(SetChargingProfileStatus.Rejected, set(absoluteWithoutStart, 0, NO_TX));
        assertEquals(SetChargingProfileStatus.Rejected, set(txDefault(1, 0).recurring(null, START), 0, NO_TX));
        assertEquals(SetChargingProfileStatus.Rejected,
                set(txDefault(1, 0).recurring(RecurrencyKind.Daily, null), 0, NO_TX));
        assertEquals(SetChargingProfileStatus.Rejected, set(cpMax(1, 0).relative(), 0, NO_TX));
        assertEquals(SetChargingProfileStatus.Rejected, set(txDefault(1, 0).absolute(START)
                .valid("2024-05-10T10:00:00Z", "2024-05-10T10:00:00Z"), 0, NO_TX));
        assertEquals(SetChargingProfileStatus.Accepted, set(txDefault(1, 0).relative(), 0, NO_TX));
    }

    @Test
    void unitMustBeAllowedByConfiguration() throws IOException {
        store = ProfileStore.open(dir.resolve("a-only.json"), config(16, EnumSet.of(ChargingRateUnit.A)));
        assertEquals(SetChargingProfileStatus.Rejected,
                set(txDefault(1, 0).absolute(START).unit(ChargingRateUnit.W), 0, NO_TX));
        assertEquals(SetChargingProfileStatus.Accepted, set(txDefault(1, 0).absolute(START), 0, NO_TX));
        assertEquals("Current", config(1, EnumSet.of(ChargingRateUnit.A)).allowedUnitsCsl());
        assertEquals("Current,Power", config(1, EnumSet.allOf(ChargingRateUnit.class)).allowedUnitsCsl());
    }

    @Test
    void sameIdReplacesWhateverItsStackLevel() {
        set(txDefault(1, 0).absolute(START).periods(period(0, 10)), 0, NO_TX);
        set(txDefault(1, 2).absolute(START).periods(period(0, 12)), 0, NO_TX);
        assertEquals(1, store.installed().size());
        assertEquals(2, store.installed().get(0).profile().stackLevel());
    }

    @Test
    void sameStackLevelAndPurposeReplacesOnTheSameConnector() {
        set(txDefault(1, 0).absolute(START), 0, NO_TX);
        set(txDefault(2, 0).absolute(START), 0, NO_TX); // replaces id 1 (§3.13.2)
        set(cpMax(3, 0).absolute(START), 0, NO_TX); // other purpose: stacked next to it
        set(txDefault(4, 0).absolute(START), 1, NO_TX); // connector 1: replaces only for connector 1 (§3.13.1)
        assertEquals(List.of(2, 3, 4), installedIds());
    }

    @Test
    void maxChargingProfilesInstalledCountsAfterReplacement() throws IOException {
        store = ProfileStore.open(dir.resolve("two-max.json"), config(2, EnumSet.allOf(ChargingRateUnit.class)));
        set(txDefault(1, 0).absolute(START), 0, NO_TX);
        set(txDefault(2, 1).absolute(START), 0, NO_TX);
        assertEquals(SetChargingProfileStatus.Rejected, set(txDefault(3, 2).absolute(START), 0, NO_TX));
        assertEquals(SetChargingProfileStatus.Accepted, set(txDefault(3, 1).absolute(START), 0, NO_TX));
        assertEquals(List.of(1, 3), installedIds());
    }

    private void installFour() {
        set(cpMax(1, 0).absolute(START), 0, NO_TX);
        set(txDefault(2, 0).absolute(START), 0, NO_TX);
        set(txDefault(3, 1).absolute(START), 1, NO_TX);
        set(txProfile(4, 0).absolute(START), 1, TX_7);
    }

    private static ClearChargingProfileRequest clear(Integer id, Integer connectorId,
            ChargingProfilePurpose purpose, Integer stackLevel) {
        return new ClearChargingProfileRequest(id, connectorId, purpose, stackLevel);
    }

    @Test
    void clearWithoutFieldsClearsAll() {
        installFour();
        assertEquals(ClearChargingProfileStatus.Accepted, store.clear(clear(null, null, null, null)));
        assertEquals(List.of(), installedIds());
        assertEquals(ClearChargingProfileStatus.Unknown, store.clear(clear(null, null, null, null)));
    }

    @Test
    void clearByIdIgnoresTheOtherFields() {
        installFour();
        // Errata 3.26: "If id is specified, then all other fields are ignored."
        assertEquals(ClearChargingProfileStatus.Accepted,
                store.clear(clear(3, 0, ChargingProfilePurpose.ChargePointMaxProfile, 0)));
        assertEquals(List.of(1, 2, 4), installedIds());
        assertEquals(ClearChargingProfileStatus.Unknown, store.clear(clear(99, null, null, null)));
    }

    @Test
    void clearMatchesAllGivenFieldsIncludingStackLevelZero() {
        installFour();
        // Logical AND (errata 3.25): purpose TxDefaultProfile and stackLevel 0 -> only id 2.
        assertEquals(ClearChargingProfileStatus.Accepted,
                store.clear(clear(null, null, ChargingProfilePurpose.TxDefaultProfile, 0)));
        assertEquals(List.of(1, 3, 4), installedIds());
        assertEquals(ClearChargingProfileStatus.Unknown,
                store.clear(clear(null, 0, ChargingProfilePurpose.TxProfile, null)));
        assertEquals(ClearChargingProfileStatus.Accepted, store.clear(clear(null, 1, null, null)));
        assertEquals(List.of(1), installedIds());
    }

    @Test
    void transactionEndDeletesOnlyThatConnectorsTxProfiles() {
        installFour();
        set(txProfile(5, 0).absolute(START), 2, TX_7);
        assertTrue(store.transactionEnded(1));
        assertEquals(List.of(1, 2, 3, 5), installedIds());
        assertFalse(store.transactionEnded(1));
    }

    @Test
    void remoteStartProfileMustBeATxProfile() {
        ActiveTransaction tx = new ActiveTransaction(null, Instant.parse("2024-05-10T10:00:00Z"));
        // §5.11: the purpose of a RemoteStartTransaction's profile SHALL be TxProfile
        assertEquals(SetChargingProfileStatus.Rejected,
                store.setForRemoteStart(1, txDefault(1, 0).relative().build(), tx));
        assertTrue(ProfileRules.checkForRemoteStart(SmartChargingConfig.singleConnector(32), 1,
                txDefault(1, 0).relative().build(), tx).orElseThrow().contains("TxProfile"));
        assertTrue(store.installed().isEmpty());
    }

    @Test
    void remoteStartProfileMustNotCarryATransactionId() {
        ActiveTransaction tx = new ActiveTransaction(null, Instant.parse("2024-05-10T10:00:00Z"));
        assertEquals(SetChargingProfileStatus.Rejected,
                store.setForRemoteStart(1, txProfile(1, 0).relative().tx(7).build(), tx));
        assertTrue(store.validate(1, txProfile(1, 0).relative().build(), Optional.of(tx)).isEmpty());
        assertTrue(store.validate(1, txDefault(1, 0).relative().build(), Optional.of(tx)).isEmpty());
        assertEquals(SetChargingProfileStatus.Accepted,
                store.setForRemoteStart(1, txProfile(1, 0).relative().periods(period(0, 10)).build(), tx));
        assertEquals(10, store.limitAt(Instant.parse("2024-05-10T10:05:00Z"), 1, Optional.of(tx.start()),
                ConnectorPhases.fixed(3)).amps(), 1e-9);
    }

    @Test
    void profilesSurviveAReopen() throws IOException {
        installFour();
        set(txDefault(6, 2).recurring(RecurrencyKind.Weekly, START).valid(START, "2030-01-01T00:00:00+01:00")
                .duration(604800).unit(ChargingRateUnit.W).periods(period(0, 11000, 3), period(3600, 7000.5)),
                0, NO_TX);
        ProfileStore reopened = ProfileStore.open(file, config(16, EnumSet.allOf(ChargingRateUnit.class)));
        assertEquals(store.installed(), reopened.installed());
        Instant at = Instant.parse("2024-05-10T10:30:00Z");
        ConnectorPhases three = ConnectorPhases.fixed(3);
        assertEquals(store.limitAt(at, 1, Optional.of(at), three), reopened.limitAt(at, 1, Optional.of(at), three));
        // Wire field names in the file (the OCPP JSON shape), no nulls, and no temporary file left behind.
        String json = Files.readString(file);
        assertTrue(json.contains("\"chargingProfileId\":6"), json);
        assertFalse(json.contains("null"), json);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
        // Clearing is persisted too.
        reopened.clear(clear(null, null, null, null));
        assertEquals(List.of(), ProfileStore.open(file, config(16, EnumSet.allOf(ChargingRateUnit.class)))
                .installed());
    }

    @Test
    void aProfileThatCannotBeSavedIsRejectedAndNotInstalled() throws IOException {
        Path sub = dir.resolve("sub");
        ProfileStore broken = ProfileStore.open(sub.resolve("profiles.json"),
                config(16, EnumSet.allOf(ChargingRateUnit.class)));
        Files.writeString(sub, "x"); // a plain file where the directory should be: the save fails
        assertEquals(SetChargingProfileStatus.Rejected,
                broken.set(txDefault(1, 0).absolute(START).request(0), NO_TX));
        assertEquals(List.of(), broken.installed());
    }

    @Test
    void aClearThatCannotBeSavedLeavesTheProfilesInPlace() throws IOException {
        installFour();
        Files.delete(file);
        Files.createDirectory(file); // the rename over a directory fails
        assertThrows(UncheckedIOException.class, () -> store.clear(clear(null, null, null, null)));
        assertEquals(List.of(1, 2, 3, 4), installedIds());
    }

    @Test
    void theSpecExampleAsSentOnTheWireIsInstalled() throws Exception {
        // §3.13.7 as a SetChargingProfile.req payload, parsed by the client's strict mapper.
        String json = "{\"connectorId\":0,\"csChargingProfiles\":{\"chargingProfileId\":100,\"stackLevel\":0,"
                + "\"chargingProfilePurpose\":\"TxDefaultProfile\",\"chargingProfileKind\":\"Recurring\","
                + "\"recurrencyKind\":\"Daily\",\"chargingSchedule\":{\"duration\":86400,"
                + "\"startSchedule\":\"2013-01-01T00:00Z\",\"chargingRateUnit\":\"W\",\"chargingSchedulePeriod\":["
                + "{\"startPeriod\":0,\"limit\":11000,\"numberPhases\":3},"
                + "{\"startPeriod\":28800,\"limit\":6000,\"numberPhases\":3},"
                + "{\"startPeriod\":72000,\"limit\":11000,\"numberPhases\":3}]}}}";
        SetChargingProfileRequest request = OcppJson.parse(OcppJson.readTree(json), SetChargingProfileRequest.class);
        assertEquals(SetChargingProfileStatus.Accepted, store.set(request, NO_TX));
        // 12:00 is in the 6 kW period: 6000 / (230 x 3) A.
        assertEquals(6000.0 / 690, store.limitAt(Instant.parse("2024-05-10T12:00:00Z"), 1, Optional.empty(),
                ConnectorPhases.fixed(3)).amps(), 1e-9);
    }
}
