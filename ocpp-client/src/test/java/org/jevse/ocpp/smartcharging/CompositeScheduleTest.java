package org.jevse.ocpp.smartcharging;

import static org.jevse.ocpp.smartcharging.Profiles.cpMax;
import static org.jevse.ocpp.smartcharging.Profiles.period;
import static org.jevse.ocpp.smartcharging.Profiles.txDefault;
import static org.jevse.ocpp.smartcharging.Profiles.txProfile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.jevse.ocpp.rpc.OcppJson;
import org.jevse.ocpp.testkit.Schemas;
import org.jevse.ocpp.v16.ChargingRateUnit;
import org.jevse.ocpp.v16.ChargingSchedulePeriod;
import org.jevse.ocpp.v16.GetCompositeScheduleRequest;
import org.jevse.ocpp.v16.GetCompositeScheduleResponse;
import org.jevse.ocpp.v16.GetCompositeScheduleStatus;
import org.jevse.ocpp.v16.RecurrencyKind;
import org.jevse.ocpp.v16.SetChargingProfileStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Composite limits and GetCompositeSchedule.conf against values worked out by hand from OCPP 1.6 §3.13 and the
 * errata. All times are UTC. The connector rating is 32 A, the nominal voltage 230 V.
 */
class CompositeScheduleTest {
    private static final double EPS = 1e-9;
    private static final Optional<ActiveTransaction> NO_TX = Optional.empty();
    /** A connector on 3 phases that can switch to 1 (the phase count the limits ask for is always possible). */
    private static final ConnectorPhases SWITCHABLE = new ConnectorPhases(3, 1, 3);

    @TempDir
    Path dir;

    private ProfileStore store;

    @BeforeEach
    void setUp() throws IOException {
        store = ProfileStore.open(dir.resolve("profiles.json"), SmartChargingConfig.singleConnector(32));
    }

    private static Instant t(String iso) {
        return Instant.parse(iso);
    }

    private void install(Profiles.B b, int connectorId, Optional<ActiveTransaction> tx) {
        assertEquals(SetChargingProfileStatus.Accepted, store.set(b.request(connectorId), tx));
    }

    private double amps(String at, Optional<Instant> txStart) {
        return store.limitAt(t(at), 1, txStart, SWITCHABLE).amps();
    }

    private List<ChargingSchedulePeriod> composite(String at, int duration, ChargingRateUnit unit) {
        GetCompositeScheduleResponse r = store.compositeSchedule(new GetCompositeScheduleRequest(1, duration, unit),
                t(at), c -> Optional.empty(), SWITCHABLE);
        assertEquals(GetCompositeScheduleStatus.Accepted, r.status());
        assertEquals(at, r.scheduleStart());
        assertEquals(duration, r.chargingSchedule().duration());
        return r.chargingSchedule().chargingSchedulePeriod();
    }

    /** The §3.13.7 example: a daily TxDefaultProfile, 11 kW, 6 kW between 08:00 and 20:00, 3 phases. */
    private void installSpecExample() {
        install(txDefault(100, 0).recurring(RecurrencyKind.Daily, "2013-01-01T00:00Z").duration(86400)
                .unit(ChargingRateUnit.W)
                .periods(period(0, 11000, 3), period(28800, 6000, 3), period(72000, 11000, 3)), 0, NO_TX);
    }

    @Test
    void specExampleDailyProfileInAmpsPerPhase() {
        installSpecExample();
        // W -> A per phase: P / (230 V x 3). 11000 / 690 = 15.9420..., 6000 / 690 = 8.6956...
        double high = 11000.0 / 690;
        double low = 6000.0 / 690;
        assertEquals(high, amps("2024-05-10T07:59:59Z", Optional.empty()), EPS);
        assertEquals(low, amps("2024-05-10T08:00:00Z", Optional.empty()), EPS); // startPeriod 28800 = 08:00
        assertEquals(low, amps("2024-05-10T19:59:59Z", Optional.empty()), EPS);
        assertEquals(high, amps("2024-05-10T20:00:00Z", Optional.empty()), EPS); // startPeriod 72000 = 20:00
        // Across midnight the schedule restarts at its first period (Daily: every 24 h from startSchedule, §7.37).
        assertEquals(high, amps("2024-05-10T23:59:59Z", Optional.empty()), EPS);
        assertEquals(high, amps("2024-05-11T00:00:00Z", Optional.empty()), EPS);
        assertEquals(low, amps("2024-05-11T08:00:00Z", Optional.empty()), EPS);
    }

    @Test
    void specExampleCompositeInWattsAndAmps() {
        installSpecExample();
        // Request at 06:00 for 24 h: 08:00 is +7200 s, 20:00 is +50400 s; the restart at midnight (+64800) keeps
        // 11000 W, so it merges into the previous period; the next 08:00 (+93600) is outside the window.
        assertEquals(List.of(period(0, 11000, 3), period(7200, 6000, 3), period(50400, 11000, 3)),
                composite("2024-05-10T06:00:00Z", 86400, ChargingRateUnit.W));
        // In A, rounded down to one decimal (§7.14): 15.94 -> 15.9, 8.69 -> 8.6.
        assertEquals(List.of(period(0, 15.9, 3), period(7200, 8.6, 3), period(50400, 15.9, 3)),
                composite("2024-05-10T06:00:00Z", 86400, ChargingRateUnit.A));
    }

    @Test
    void higherStackLevelWithDurationFallsBackWhenItEnds() {
        // Stack 0: 16 A every day. Stack 1: 10 A from 12:00 for one hour. Errata 3.43: when the duration ends the
        // lower stack level applies again.
        install(txDefault(1, 0).recurring(RecurrencyKind.Daily, "2024-01-01T00:00:00Z").periods(period(0, 16)), 0,
                NO_TX);
        install(txDefault(2, 1).absolute("2024-05-10T12:00:00Z").duration(3600).periods(period(0, 10)), 0, NO_TX);
        assertEquals(16, amps("2024-05-10T11:59:59Z", Optional.empty()), EPS);
        assertEquals(10, amps("2024-05-10T12:00:00Z", Optional.empty()), EPS);
        assertEquals(10, amps("2024-05-10T12:59:59Z", Optional.empty()), EPS);
        assertEquals(16, amps("2024-05-10T13:00:00Z", Optional.empty()), EPS);
        // From 11:00 for 3 h: 12:00 = +3600, 13:00 = +7200.
        assertEquals(List.of(period(0, 16, 3), period(3600, 10, 3), period(7200, 16, 3)),
                composite("2024-05-10T11:00:00Z", 10800, ChargingRateUnit.A));
    }

    @Test
    void highestStackLevelWithoutDurationNeverFallsBack() {
        // §3.13.2 note: stacking without a duration on the highest level never falls back.
        install(txDefault(1, 0).absolute("2024-01-01T00:00:00Z").periods(period(0, 16)), 0, NO_TX);
        install(txDefault(2, 3).absolute("2024-05-10T12:00:00Z").periods(period(0, 10)), 0, NO_TX);
        assertEquals(16, amps("2024-05-10T11:00:00Z", Optional.empty()), EPS);
        assertEquals(10, amps("2024-06-30T00:00:00Z", Optional.empty()), EPS);
    }

    @Test
    void chargePointMaxCapsTxProfileWhichOverrulesTxDefault() {
        Optional<ActiveTransaction> tx = Optional.of(new ActiveTransaction(7, t("2024-05-10T10:00:00Z")));
        Optional<Instant> txStart = Optional.of(t("2024-05-10T10:00:00Z"));
        install(cpMax(1, 0).absolute("2024-01-01T00:00:00Z").periods(period(0, 20)), 0, NO_TX);
        install(txDefault(2, 0).absolute("2024-01-01T00:00:00Z").periods(period(0, 6)), 0, NO_TX);
        // No TxProfile: min(CPMax 20, TxDefault 6) = 6.
        assertEquals(6, amps("2024-05-10T10:30:00Z", txStart), EPS);
        // TxProfile 12 A overrules TxDefault 6 A (§3.13.1): min(20, 12) = 12.
        install(txProfile(3, 0).absolute("2024-05-10T10:00:00Z").periods(period(0, 12)), 1, tx);
        assertEquals(12, amps("2024-05-10T10:30:00Z", txStart), EPS);
        // TxProfile 32 A: the ChargePointMaxProfile binds (§3.13.3 minimum), min(20, 32) = 20.
        install(txProfile(3, 0).absolute("2024-05-10T10:00:00Z").periods(period(0, 32)), 1, tx);
        assertEquals(20, amps("2024-05-10T10:30:00Z", txStart), EPS);
        // Without a transaction the TxProfile does not apply: back to min(20, 6).
        assertEquals(6, amps("2024-05-10T10:30:00Z", Optional.empty()), EPS);
        // Connector 0 reports the ChargePointMaxProfile alone.
        assertEquals(20, store.limitAt(t("2024-05-10T10:30:00Z"), 0, Optional.empty(), SWITCHABLE).amps(), EPS);
    }

    @Test
    void relativeTxProfileCountsFromTransactionStartThenFallsBackToTxDefault() {
        Instant start = t("2024-05-10T10:00:00Z");
        install(txDefault(1, 0).absolute("2024-01-01T00:00:00Z").periods(period(0, 8)), 0, NO_TX);
        install(txProfile(2, 0).relative().duration(7200).periods(period(0, 6), period(1800, 16)), 1,
                Optional.of(new ActiveTransaction(null, start)));
        Optional<Instant> txStart = Optional.of(start);
        assertEquals(6, amps("2024-05-10T10:29:59Z", txStart), EPS);
        assertEquals(16, amps("2024-05-10T10:30:00Z", txStart), EPS); // start + 1800 s
        assertEquals(16, amps("2024-05-10T11:59:59Z", txStart), EPS);
        assertEquals(8, amps("2024-05-10T12:00:00Z", txStart), EPS); // start + 7200 s: duration over
        // From 10:15 for 2 h: 10:30 = +900, 12:00 = +6300.
        GetCompositeScheduleResponse r = store.compositeSchedule(new GetCompositeScheduleRequest(1, 7200, null),
                t("2024-05-10T10:15:00Z"), c -> Optional.of(start), SWITCHABLE);
        assertEquals(ChargingRateUnit.A, r.chargingSchedule().chargingRateUnit());
        assertEquals(List.of(period(0, 6, 3), period(900, 16, 3), period(6300, 8, 3)),
                r.chargingSchedule().chargingSchedulePeriod());
    }

    @Test
    void relativeTxDefaultBeforeATransactionGivesItsFirstPeriod() {
        install(txDefault(1, 0).relative().periods(period(0, 10), period(600, 20)), 0, NO_TX);
        assertEquals(10, amps("2024-05-10T10:00:00Z", Optional.empty()), EPS);
        assertEquals(20, amps("2024-05-10T10:10:00Z", Optional.of(t("2024-05-10T10:00:00Z"))), EPS);
    }

    @Test
    void weeklyRecurrenceAcrossTheWeekBoundary() {
        // 2024-01-01 is a Monday. 10 A Monday-Friday, 32 A from Saturday 00:00 (5 x 86400 = 432000 s).
        install(txDefault(1, 0).recurring(RecurrencyKind.Weekly, "2024-01-01T00:00:00Z").duration(604800)
                .periods(period(0, 10), period(432000, 32)), 0, NO_TX);
        // 2024-05-13 is 133 days = 19 weeks later, a Monday.
        assertEquals(32, amps("2024-05-12T23:59:59Z", Optional.empty()), EPS); // Sunday
        assertEquals(10, amps("2024-05-13T00:00:00Z", Optional.empty()), EPS); // Monday: restart
        assertEquals(10, amps("2024-05-17T23:59:59Z", Optional.empty()), EPS); // Friday
        assertEquals(32, amps("2024-05-18T00:00:00Z", Optional.empty()), EPS); // Saturday
        // From Friday 12:00 for 3 days: Saturday 00:00 = +43200, Monday 00:00 = +43200 + 2 x 86400 = +216000.
        assertEquals(List.of(period(0, 10, 3), period(43200, 32, 3), period(216000, 10, 3)),
                composite("2024-05-17T12:00:00Z", 259200, ChargingRateUnit.A));
    }

    @Test
    void dailyRunShorterThanADayCrossesMidnightThenFallsBack() {
        // Stack 1: every day from 22:00 for 8 h (until 06:00) 32 A; stack 0: 6 A.
        install(txDefault(1, 0).absolute("2024-01-01T00:00:00Z").periods(period(0, 6)), 0, NO_TX);
        install(txDefault(2, 1).recurring(RecurrencyKind.Daily, "2024-01-01T22:00:00Z").duration(28800)
                .periods(period(0, 32)), 0, NO_TX);
        assertEquals(6, amps("2024-05-10T21:59:59Z", Optional.empty()), EPS);
        assertEquals(32, amps("2024-05-10T22:00:00Z", Optional.empty()), EPS);
        assertEquals(32, amps("2024-05-11T00:00:00Z", Optional.empty()), EPS); // run that began at 22:00
        assertEquals(32, amps("2024-05-11T05:59:59Z", Optional.empty()), EPS);
        assertEquals(6, amps("2024-05-11T06:00:00Z", Optional.empty()), EPS); // 22:00 + 28800 s
        // From 20:00 for 24 h: 22:00 = +7200, 06:00 = +36000; the next 22:00 (+93600) is outside.
        assertEquals(List.of(period(0, 6, 3), period(7200, 32, 3), period(36000, 6, 3)),
                composite("2024-05-10T20:00:00Z", 86400, ChargingRateUnit.A));
    }

    @Test
    void recurringProfileHasNotBegunBeforeItsStartSchedule() {
        install(txDefault(1, 0).recurring(RecurrencyKind.Daily, "2024-06-01T00:00:00Z").periods(period(0, 10)), 0,
                NO_TX);
        assertEquals(Double.POSITIVE_INFINITY, amps("2024-05-31T12:00:00Z", Optional.empty()));
        assertEquals(10, amps("2024-06-01T12:00:00Z", Optional.empty()), EPS);
    }

    @Test
    void validityWindowBoundsAProfile() {
        install(txDefault(1, 0).absolute("2024-01-01T00:00:00Z").periods(period(0, 16)), 0, NO_TX);
        install(txDefault(2, 2).absolute("2024-01-01T00:00:00Z")
                .valid("2024-05-10T10:00:00Z", "2024-05-10T11:00:00Z").periods(period(0, 10)), 0, NO_TX);
        assertEquals(16, amps("2024-05-10T09:59:59Z", Optional.empty()), EPS); // before validFrom
        assertEquals(10, amps("2024-05-10T10:00:00Z", Optional.empty()), EPS);
        assertEquals(10, amps("2024-05-10T10:59:59Z", Optional.empty()), EPS);
        assertEquals(16, amps("2024-05-10T11:00:00Z", Optional.empty()), EPS); // validTo is exclusive
        // From 09:30 for 2 h: validFrom = +1800, validTo = +5400.
        assertEquals(List.of(period(0, 16, 3), period(1800, 10, 3), period(5400, 16, 3)),
                composite("2024-05-10T09:30:00Z", 7200, ChargingRateUnit.A));
    }

    @Test
    void wattsToAmpsUsesNumberPhasesAndNominalVoltage() {
        // 7360 W on 1 phase: 7360 / (230 x 1) = 32 A. 11040 W with numberPhases absent: 3 assumed, 16 A.
        install(cpMax(1, 0).absolute("2024-01-01T00:00:00Z").unit(ChargingRateUnit.W)
                .periods(period(0, 7360, 1), period(3600, 11040)), 0, NO_TX);
        ConnectorPhases onOne = new ConnectorPhases(1, 1, 3);
        assertEquals(new PhaseLimit(32, 1), store.limitAt(t("2024-01-01T00:30:00Z"), 0, Optional.empty(), onOne));
        assertEquals(new PhaseLimit(16, 3),
                store.limitAt(t("2024-01-01T01:30:00Z"), 0, Optional.empty(), SWITCHABLE));
        // While the connector still uses 3 phases, the 7360 W are shared by them: 7360 / 690 = 10.67 A, and it
        // is asked to use 1 phase.
        PhaseLimit before = store.limitAt(t("2024-01-01T00:30:00Z"), 0, Optional.empty(), SWITCHABLE);
        assertEquals(7360.0 / 690, before.amps(), EPS);
        assertEquals(1, before.phases());
        // Reported back in W: 32 A x 230 V x 1 = 7360 W; 16 A x 230 V x 3 = 11040 W.
        assertEquals(List.of(period(0, 7360, 1), period(3600, 11040, 3)),
                composite("2024-01-01T00:00:00Z", 7200, ChargingRateUnit.W));
    }

    @Test
    void ampsLimitOnOnePhaseReportedInWatts() {
        // 16 A on 1 phase is 16 x 230 x 1 = 3680 W.
        install(txDefault(1, 0).absolute("2024-01-01T00:00:00Z").periods(period(0, 16, 1)), 0, NO_TX);
        assertEquals(List.of(period(0, 3680, 1)), composite("2024-05-10T00:00:00Z", 3600, ChargingRateUnit.W));
    }

    /**
     * The mixed cases of errata 3.34 and 3.68. The phases used are the fewest any limit in force allows (here
     * the 1-phase ChargePointMaxProfile); every A limit applies per phase as given on them, every W limit is the
     * total over them: P / (230 V x 1).
     */
    @Test
    void wattDefaultUnderAOnePhaseAmpLimitIsConvertedOnThatPhase() {
        // 8280/6210/4140/2070 W would be 12/9/6/3 A on 3 phases; on the one phase that may be used they are
        // 36/27/18/9 A, so the 16 A of the ChargePointMaxProfile binds until the last period (9 A).
        install(txDefault(1, 0).absolute("2024-01-01T00:00:00Z").unit(ChargingRateUnit.W)
                .periods(period(0, 8280), period(3600, 6210), period(7200, 4140), period(10800, 2070)), 0, NO_TX);
        install(cpMax(2, 0).absolute("2024-01-01T00:00:00Z").periods(period(0, 16, 1)), 0, NO_TX);
        assertEquals(List.of(period(0, 16, 1), period(10800, 9, 1)),
                composite("2024-01-01T00:00:00Z", 14400, ChargingRateUnit.A));
        // In W: 16 A x 230 V x 1 = 3680 W, then the 2070 W of the default as given.
        assertEquals(List.of(period(0, 3680, 1), period(10800, 2070, 1)),
                composite("2024-01-01T00:00:00Z", 14400, ChargingRateUnit.W));
    }

    @Test
    void ampDefaultUnderAOnePhaseWattLimit() {
        // 7360 W on 1 phase is 32 A; the 16 A default (3 phases assumed) applies as given on that 1 phase.
        install(txDefault(1, 0).absolute("2024-01-01T00:00:00Z").periods(period(0, 16)), 0, NO_TX);
        install(cpMax(2, 0).absolute("2024-01-01T00:00:00Z").unit(ChargingRateUnit.W)
                .periods(period(0, 7360, 1)), 0, NO_TX);
        assertEquals(List.of(period(0, 16, 1)), composite("2024-01-01T00:00:00Z", 3600, ChargingRateUnit.A));
        assertEquals(List.of(period(0, 3680, 1)), composite("2024-01-01T00:00:00Z", 3600, ChargingRateUnit.W));
    }

    @Test
    void threePhaseWattLimitOverAOnePhaseAmpDefault() {
        // The 11040 W maximum is 48 A on the one phase the 10 A default allows: the default binds, 10 A = 2300 W.
        install(cpMax(1, 0).absolute("2024-01-01T00:00:00Z").unit(ChargingRateUnit.W)
                .periods(period(0, 11040)), 0, NO_TX);
        install(txDefault(2, 0).absolute("2024-01-01T00:00:00Z").periods(period(0, 10, 1)), 0, NO_TX);
        assertEquals(List.of(period(0, 10, 1)), composite("2024-01-01T00:00:00Z", 3600, ChargingRateUnit.A));
        assertEquals(List.of(period(0, 2300, 1)), composite("2024-01-01T00:00:00Z", 3600, ChargingRateUnit.W));
    }

    @Test
    void twoWattLimitsWithDifferentPhasesAreBothTotalsOnTheCommonPhase() {
        // 6900 W (3 phases assumed) is 30 A on 1 phase; 3680 W on 1 phase is 16 A: 16 A, 3680 W.
        install(txDefault(1, 0).absolute("2024-01-01T00:00:00Z").unit(ChargingRateUnit.W)
                .periods(period(0, 6900)), 0, NO_TX);
        install(cpMax(2, 0).absolute("2024-01-01T00:00:00Z").unit(ChargingRateUnit.W)
                .periods(period(0, 3680, 1)), 0, NO_TX);
        assertEquals(List.of(period(0, 16, 1)), composite("2024-01-01T00:00:00Z", 3600, ChargingRateUnit.A));
        assertEquals(List.of(period(0, 3680, 1)), composite("2024-01-01T00:00:00Z", 3600, ChargingRateUnit.W));
    }

    @Test
    void twoAmpLimitsWithDifferentPhases() {
        // 10 A (3 phases) and 16 A (1 phase): 10 A per phase on the 1 phase both allow.
        install(txDefault(1, 0).absolute("2024-01-01T00:00:00Z").periods(period(0, 10)), 0, NO_TX);
        install(cpMax(2, 0).absolute("2024-01-01T00:00:00Z").periods(period(0, 16, 1)), 0, NO_TX);
        assertEquals(List.of(period(0, 10, 1)), composite("2024-01-01T00:00:00Z", 3600, ChargingRateUnit.A));
        assertEquals(List.of(period(0, 2300, 1)), composite("2024-01-01T00:00:00Z", 3600, ChargingRateUnit.W));
    }

    @Test
    void threePhaseLimitsInWattsAndAmps() {
        // Everything on 3 phases: 11040 W is 16 A per phase, below the 20 A default; back in W 16 x 230 x 3.
        install(txDefault(1, 0).absolute("2024-01-01T00:00:00Z").periods(period(0, 20, 3)), 0, NO_TX);
        install(cpMax(2, 0).absolute("2024-01-01T00:00:00Z").unit(ChargingRateUnit.W)
                .periods(period(0, 11040, 3)), 0, NO_TX);
        assertEquals(List.of(period(0, 16, 3)), composite("2024-01-01T00:00:00Z", 3600, ChargingRateUnit.A));
        assertEquals(List.of(period(0, 11040, 3)), composite("2024-01-01T00:00:00Z", 3600, ChargingRateUnit.W));
    }

    @Test
    void onAConnectorThatCannotSwitchTheLimitsApplyOnItsPhases() {
        // Errata 3.34: the 1-phase limit is used as given on the phases that can be used. A fixed 3-phase
        // connector: 16 A per phase on 3 phases, and the 8280 W default is 12 A per phase on them.
        install(txDefault(1, 0).absolute("2024-01-01T00:00:00Z").unit(ChargingRateUnit.W)
                .periods(period(0, 8280)), 0, NO_TX);
        install(cpMax(2, 0).absolute("2024-01-01T00:00:00Z").periods(period(0, 16, 1)), 0, NO_TX);
        assertEquals(List.of(period(0, 12, 3)),
                compositeOn(ConnectorPhases.fixed(3), ChargingRateUnit.A));
        assertEquals(List.of(period(0, 8280, 3)), compositeOn(ConnectorPhases.fixed(3), ChargingRateUnit.W));
        assertEquals(new PhaseLimit(12, 3), store.limitAt(t("2024-01-01T00:00:00Z"), 1, Optional.empty(),
                ConnectorPhases.fixed(3)));
        // A 1-phase connector: 8280 W is 36 A on its phase, the 16 A binds.
        assertEquals(List.of(period(0, 16, 1)), compositeOn(ConnectorPhases.fixed(1), ChargingRateUnit.A));
        assertEquals(new PhaseLimit(16, 1), store.limitAt(t("2024-01-01T00:00:00Z"), 1, Optional.empty(),
                ConnectorPhases.fixed(1)));
    }

    @Test
    void theLimitForTheChargerAgreesWithTheCompositeOnceItUsesThePhasesAsked() {
        install(txDefault(1, 0).absolute("2024-01-01T00:00:00Z").unit(ChargingRateUnit.W)
                .periods(period(0, 8280)), 0, NO_TX);
        install(cpMax(2, 0).absolute("2024-01-01T00:00:00Z").periods(period(0, 16, 1)), 0, NO_TX);
        Instant at = t("2024-01-01T00:00:00Z");
        // Still on 3 phases: asked to go to 1; meanwhile 8280 W over 3 phases = 12 A per phase.
        assertEquals(new PhaseLimit(12, 1), store.limitAt(at, 1, Optional.empty(), SWITCHABLE));
        // On 1 phase: 16 A, 1 phase, the composite's first period.
        ConnectorPhases onOne = new ConnectorPhases(1, 1, 3);
        assertEquals(new PhaseLimit(16, 1), store.limitAt(at, 1, Optional.empty(), onOne));
        assertEquals(period(0, 16, 1), compositeOn(onOne, ChargingRateUnit.A).get(0));
    }

    private List<ChargingSchedulePeriod> compositeOn(ConnectorPhases phases, ChargingRateUnit unit) {
        return store.compositeSchedule(new GetCompositeScheduleRequest(1, 3600, unit), t("2024-01-01T00:00:00Z"),
                c -> Optional.empty(), phases).chargingSchedule().chargingSchedulePeriod();
    }

    @Test
    void theCompositeCarriesItsStartInScheduleStartOnly() {
        // Errata 3.57: inside GetCompositeSchedule.conf, chargingSchedule.startSchedule SHALL be omitted.
        install(txDefault(1, 0).absolute("2024-01-01T00:00:00Z").periods(period(0, 10)), 0, NO_TX);
        GetCompositeScheduleResponse r = store.compositeSchedule(new GetCompositeScheduleRequest(1, 600, null),
                t("2024-05-10T06:00:00Z"), c -> Optional.empty(), SWITCHABLE);
        assertEquals("2024-05-10T06:00:00Z", r.scheduleStart());
        assertEquals(null, r.chargingSchedule().startSchedule());
        assertEquals(false, OcppJson.mapper().valueToTree(r).path("chargingSchedule").has("startSchedule"));
    }

    @Test
    void noProfileMeansNoLimitAndTheRatingInTheComposite() {
        assertEquals(Double.POSITIVE_INFINITY, amps("2024-05-10T00:00:00Z", Optional.empty()));
        // §3.13.6: no profiles, no constraints; the composite reports the local limit, the 32 A rating.
        assertEquals(List.of(period(0, 32, 3)), composite("2024-05-10T00:00:00Z", 3600, ChargingRateUnit.A));
    }

    @Test
    void connectorSpecificTxDefaultReplacesConnectorZeroOnlyForThatConnector() throws IOException {
        store = ProfileStore.open(dir.resolve("two.json"),
                new SmartChargingConfig(2, 8, 24, 16, EnumSet.allOf(ChargingRateUnit.class), 230, 32));
        install(txDefault(1, 0).absolute("2024-01-01T00:00:00Z").periods(period(0, 16)), 0, NO_TX);
        install(txDefault(2, 0).absolute("2024-01-01T00:00:00Z").periods(period(0, 10)), 2, NO_TX);
        Instant at = t("2024-05-10T00:00:00Z");
        assertEquals(16, store.limitAt(at, 1, Optional.empty(), SWITCHABLE).amps(), EPS);
        assertEquals(10, store.limitAt(at, 2, Optional.empty(), SWITCHABLE).amps(), EPS);
    }

    @Test
    void connectorZeroCompositeIsTheSumCappedByChargePointMax() throws IOException {
        store = ProfileStore.open(dir.resolve("two.json"),
                new SmartChargingConfig(2, 8, 24, 16, EnumSet.allOf(ChargingRateUnit.class), 230, 32));
        install(cpMax(1, 0).absolute("2024-01-01T00:00:00Z").periods(period(0, 40)), 0, NO_TX);
        install(txDefault(2, 0).absolute("2024-01-01T00:00:00Z").periods(period(0, 16)), 0, NO_TX);
        // From 00:00: both connectors on the connector-0 default, 16 + 16 = 32 A (< 40 A).
        // From 01:00 connector 2 has its own 32 A default: 16 + 32 = 48, capped at 40 A by ChargePointMax.
        install(txDefault(3, 0).absolute("2024-05-10T01:00:00Z").periods(period(0, 32)), 2, NO_TX);
        GetCompositeScheduleResponse r = store.compositeSchedule(new GetCompositeScheduleRequest(0, 7200, null),
                t("2024-05-10T00:00:00Z"), c -> Optional.empty(), SWITCHABLE);
        assertEquals(0, r.connectorId());
        assertEquals(List.of(period(0, 32, 3), period(3600, 40, 3)), r.chargingSchedule().chargingSchedulePeriod());
    }

    @Test
    void compositeForUnknownConnectorIsRejected() {
        GetCompositeScheduleResponse r = store.compositeSchedule(new GetCompositeScheduleRequest(2, 60, null),
                t("2024-05-10T00:00:00Z"), c -> Optional.empty(), SWITCHABLE);
        assertEquals(GetCompositeScheduleStatus.Rejected, r.status());
        assertEquals(null, r.chargingSchedule());
        assertThrows(IllegalArgumentException.class,
                () -> store.limitAt(t("2024-05-10T00:00:00Z"), 2, Optional.empty(), SWITCHABLE));
    }

    @Test
    void compositeStartsAtTheWholeSecondOfTheRequest() {
        install(txDefault(1, 0).absolute("2024-05-10T00:00:10Z").periods(period(0, 10)), 0, NO_TX);
        GetCompositeScheduleResponse r = store.compositeSchedule(new GetCompositeScheduleRequest(1, 60, null),
                t("2024-05-10T00:00:00.750Z"), c -> Optional.empty(), SWITCHABLE);
        assertEquals("2024-05-10T00:00:00Z", r.scheduleStart());
        // Before the profile starts: the 32 A rating; from +10 s: 10 A.
        assertEquals(List.of(period(0, 32, 3), period(10, 10, 3)), r.chargingSchedule().chargingSchedulePeriod());
    }

    @Test
    void compositeResponsesMatchTheOcaSchema() {
        installSpecExample();
        install(cpMax(2, 0).absolute("2024-05-10T07:00:00Z").duration(1800).periods(period(0, 13.3, 1)), 0, NO_TX);
        for (ChargingRateUnit unit : ChargingRateUnit.values()) {
            GetCompositeScheduleResponse r = store.compositeSchedule(
                    new GetCompositeScheduleRequest(1, 86400, unit), t("2024-05-10T06:00:00.5Z"), c -> Optional.empty(),
                    SWITCHABLE);
            assertEquals(List.of(), Schemas.validate("GetCompositeSchedule", true,
                    OcppJson.mapper().valueToTree(r)));
        }
        GetCompositeScheduleResponse rejected = store.compositeSchedule(new GetCompositeScheduleRequest(9, 60, null),
                t("2024-05-10T06:00:00Z"), c -> Optional.empty(), SWITCHABLE);
        assertEquals(List.of(), Schemas.validate("GetCompositeSchedule", true,
                OcppJson.mapper().valueToTree(rejected)));
    }
}
