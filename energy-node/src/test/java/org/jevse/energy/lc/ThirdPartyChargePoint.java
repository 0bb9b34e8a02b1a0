package org.jevse.energy.lc;

import eu.chargetime.ocpp.ClientEvents;
import eu.chargetime.ocpp.JSONClient;
import eu.chargetime.ocpp.feature.profile.ClientCoreEventHandler;
import eu.chargetime.ocpp.feature.profile.ClientCoreProfile;
import eu.chargetime.ocpp.feature.profile.ClientSmartChargingEventHandler;
import eu.chargetime.ocpp.feature.profile.ClientSmartChargingProfile;
import eu.chargetime.ocpp.model.Confirmation;
import eu.chargetime.ocpp.model.Request;
import eu.chargetime.ocpp.model.core.AvailabilityStatus;
import eu.chargetime.ocpp.model.core.ChangeAvailabilityConfirmation;
import eu.chargetime.ocpp.model.core.ChangeAvailabilityRequest;
import eu.chargetime.ocpp.model.core.ChangeConfigurationConfirmation;
import eu.chargetime.ocpp.model.core.ChangeConfigurationRequest;
import eu.chargetime.ocpp.model.core.ChargePointErrorCode;
import eu.chargetime.ocpp.model.core.ChargePointStatus;
import eu.chargetime.ocpp.model.core.ChargingProfile;
import eu.chargetime.ocpp.model.core.ChargingProfilePurposeType;
import eu.chargetime.ocpp.model.core.ClearCacheConfirmation;
import eu.chargetime.ocpp.model.core.ClearCacheRequest;
import eu.chargetime.ocpp.model.core.ClearCacheStatus;
import eu.chargetime.ocpp.model.core.ConfigurationStatus;
import eu.chargetime.ocpp.model.core.DataTransferConfirmation;
import eu.chargetime.ocpp.model.core.DataTransferRequest;
import eu.chargetime.ocpp.model.core.DataTransferStatus;
import eu.chargetime.ocpp.model.core.GetConfigurationConfirmation;
import eu.chargetime.ocpp.model.core.GetConfigurationRequest;
import eu.chargetime.ocpp.model.core.KeyValueType;
import eu.chargetime.ocpp.model.core.MeterValue;
import eu.chargetime.ocpp.model.core.RemoteStartStopStatus;
import eu.chargetime.ocpp.model.core.RemoteStartTransactionConfirmation;
import eu.chargetime.ocpp.model.core.RemoteStartTransactionRequest;
import eu.chargetime.ocpp.model.core.RemoteStopTransactionConfirmation;
import eu.chargetime.ocpp.model.core.RemoteStopTransactionRequest;
import eu.chargetime.ocpp.model.core.ResetConfirmation;
import eu.chargetime.ocpp.model.core.ResetRequest;
import eu.chargetime.ocpp.model.core.ResetStatus;
import eu.chargetime.ocpp.model.core.SampledValue;
import eu.chargetime.ocpp.model.core.UnlockConnectorConfirmation;
import eu.chargetime.ocpp.model.core.UnlockConnectorRequest;
import eu.chargetime.ocpp.model.core.UnlockStatus;
import eu.chargetime.ocpp.model.smartcharging.ChargingProfileStatus;
import eu.chargetime.ocpp.model.smartcharging.ClearChargingProfileConfirmation;
import eu.chargetime.ocpp.model.smartcharging.ClearChargingProfileRequest;
import eu.chargetime.ocpp.model.smartcharging.ClearChargingProfileStatus;
import eu.chargetime.ocpp.model.smartcharging.GetCompositeScheduleConfirmation;
import eu.chargetime.ocpp.model.smartcharging.GetCompositeScheduleRequest;
import eu.chargetime.ocpp.model.smartcharging.GetCompositeScheduleStatus;
import eu.chargetime.ocpp.model.smartcharging.SetChargingProfileConfirmation;
import eu.chargetime.ocpp.model.smartcharging.SetChargingProfileRequest;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A third-party OCPP 1.6 charge point: Java-OCA-OCPP's JSON client (not jevse's), driven by the test. It keeps
 * the profiles it is sent and works out its limit as a charger does (a TxProfile of its transaction while its
 * schedule runs, else the TxDefaultProfile); its car draws {@code carMaxA}, or less when the charger obeys.
 * {@link #obey} false: it accepts profiles and ignores them, as some chargers in the field do.
 */
public final class ThirdPartyChargePoint implements AutoCloseable {

    /** A profile as received, with the time it arrived. */
    public record Received(int id, ChargingProfilePurposeType purpose, Integer transactionId, double limit,
                    Integer durationS, ZonedDateTime start, long atMs) {
    }

    public final String id;
    public final List<Received> profiles = new CopyOnWriteArrayList<>();
    final List<String> configurationAsked = new CopyOnWriteArrayList<>();
    public volatile boolean obey = true;
    volatile double carMaxA = 32;
    public volatile Integer transactionId;
    private final JSONClient client;
    private final ClientCoreProfile core;

    public ThirdPartyChargePoint(String id) {
        this.id = id;
        this.core = new ClientCoreProfile(new ClientCoreEventHandler() {
            @Override
            public ChangeAvailabilityConfirmation handleChangeAvailabilityRequest(ChangeAvailabilityRequest r) {
                return new ChangeAvailabilityConfirmation(AvailabilityStatus.Accepted);
            }

            @Override
            public GetConfigurationConfirmation handleGetConfigurationRequest(GetConfigurationRequest r) {
                configurationAsked.addAll(List.of(r.getKey()));
                KeyValueType unit = new KeyValueType("ChargingScheduleAllowedChargingRateUnit", true);
                unit.setValue("Current");
                GetConfigurationConfirmation c = new GetConfigurationConfirmation();
                c.setConfigurationKey(new KeyValueType[] {unit});
                return c;
            }

            @Override
            public ChangeConfigurationConfirmation handleChangeConfigurationRequest(ChangeConfigurationRequest r) {
                return new ChangeConfigurationConfirmation(ConfigurationStatus.Rejected);
            }

            @Override
            public ClearCacheConfirmation handleClearCacheRequest(ClearCacheRequest r) {
                return new ClearCacheConfirmation(ClearCacheStatus.Accepted);
            }

            @Override
            public DataTransferConfirmation handleDataTransferRequest(DataTransferRequest r) {
                return new DataTransferConfirmation(DataTransferStatus.UnknownVendorId);
            }

            @Override
            public RemoteStartTransactionConfirmation handleRemoteStartTransactionRequest(RemoteStartTransactionRequest r) {
                return new RemoteStartTransactionConfirmation(RemoteStartStopStatus.Rejected);
            }

            @Override
            public RemoteStopTransactionConfirmation handleRemoteStopTransactionRequest(RemoteStopTransactionRequest r) {
                return new RemoteStopTransactionConfirmation(RemoteStartStopStatus.Rejected);
            }

            @Override
            public ResetConfirmation handleResetRequest(ResetRequest r) {
                return new ResetConfirmation(ResetStatus.Rejected);
            }

            @Override
            public UnlockConnectorConfirmation handleUnlockConnectorRequest(UnlockConnectorRequest r) {
                return new UnlockConnectorConfirmation(UnlockStatus.NotSupported);
            }
        });
        this.client = new JSONClient(core, id);
        client.addFeatureProfile(new ClientSmartChargingProfile(new ClientSmartChargingEventHandler() {
            @Override
            public SetChargingProfileConfirmation handleSetChargingProfileRequest(SetChargingProfileRequest r) {
                ChargingProfile p = r.getCsChargingProfiles();
                profiles.add(new Received(p.getChargingProfileId(), p.getChargingProfilePurpose(), p.getTransactionId(),
                        p.getChargingSchedule().getChargingSchedulePeriod()[0].getLimit(),
                        p.getChargingSchedule().getDuration(), p.getChargingSchedule().getStartSchedule(),
                        System.currentTimeMillis()));
                return new SetChargingProfileConfirmation(ChargingProfileStatus.Accepted);
            }

            @Override
            public ClearChargingProfileConfirmation handleClearChargingProfileRequest(ClearChargingProfileRequest r) {
                return new ClearChargingProfileConfirmation(ClearChargingProfileStatus.Accepted);
            }

            @Override
            public GetCompositeScheduleConfirmation handleGetCompositeScheduleRequest(GetCompositeScheduleRequest r) {
                return new GetCompositeScheduleConfirmation(GetCompositeScheduleStatus.Rejected);
            }
        }));
    }

    public void connect(String url) {
        client.connect(url, new ClientEvents() {
            @Override
            public void connectionOpened() {
            }

            @Override
            public void connectionClosed() {
            }
        });
    }

    public boolean connected() {
        return !client.isClosed();
    }

    Confirmation send(Request r) throws Exception {
        return client.send(r).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public void boot() throws Exception {
        send(core.createBootNotificationRequest("OtherVendor", "OtherModel"));
    }

    public void status(ChargePointStatus s) throws Exception {
        send(core.createStatusNotificationRequest(1, ChargePointErrorCode.NoError, s));
    }

    /** Authorize, StartTransaction, then Charging: the answers' transaction id is kept. */
    public eu.chargetime.ocpp.model.core.AuthorizationStatus startSession(String idTag) throws Exception {
        var auth = (eu.chargetime.ocpp.model.core.AuthorizeConfirmation) send(core.createAuthorizeRequest(idTag));
        var start = (eu.chargetime.ocpp.model.core.StartTransactionConfirmation) send(
                core.createStartTransactionRequest(1, idTag, 1000, ZonedDateTime.now()));
        transactionId = start.getTransactionId();
        status(ChargePointStatus.Charging);
        return auth.getIdTagInfo().getStatus();
    }

    public void stopSession(int meterStopWh) throws Exception {
        send(core.createStopTransactionRequest(meterStopWh, ZonedDateTime.now(), transactionId));
        transactionId = null;
        status(ChargePointStatus.Finishing);
    }

    /** The limit in force now, as the charger computes it (A); the car's maximum when nothing limits it. */
    public double limitA() {
        long now = System.currentTimeMillis();
        Received tx = null;
        Received def = null;
        for (Received p : profiles) {
            // One id and stack level each: a newer profile replaces the older one (OCPP 1.6 §5.16.2).
            if (p.purpose() == ChargingProfilePurposeType.TxProfile && transactionId != null
                    && transactionId.equals(p.transactionId())) {
                tx = p;
            } else if (p.purpose() == ChargingProfilePurposeType.TxDefaultProfile) {
                def = p;
            }
        }
        if (tx != null && (tx.durationS() == null || tx.start() == null
                || now < tx.start().toInstant().toEpochMilli() + tx.durationS() * 1000L)) {
            return tx.limit();
        }
        return def != null ? def.limit() : carMaxA;
    }

    /** What the car draws now per phase. */
    public double drawA() {
        return obey ? Math.min(carMaxA, limitA()) : carMaxA;
    }

    /** A MeterValues of the current drawn on three phases. */
    public void meter() throws Exception {
        double a = transactionId == null ? 0 : drawA();
        SampledValue[] v = new SampledValue[3];
        for (int i = 0; i < 3; i++) {
            v[i] = new SampledValue(String.format(java.util.Locale.ROOT, "%.1f", a));
            v[i].setMeasurand("Current.Import");
            v[i].setPhase("L" + (i + 1));
            v[i].setUnit("A");
        }
        send(core.createMeterValuesRequest(1, new MeterValue(ZonedDateTime.now(), v)));
    }

    /** The last TxProfile received, or null. */
    public Received lastTxProfile() {
        Received last = null;
        for (Received p : profiles) {
            if (p.purpose() == ChargingProfilePurposeType.TxProfile) {
                last = p;
            }
        }
        return last;
    }

    @Override
    public void close() {
        client.disconnect();
    }
}
