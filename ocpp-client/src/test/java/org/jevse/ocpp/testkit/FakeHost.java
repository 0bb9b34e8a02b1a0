package org.jevse.ocpp.testkit;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jevse.ocpp.cp.ChargePointHost;
import org.jevse.ocpp.cp.Registration;
import org.jevse.ocpp.v16.ResetType;
import org.jevse.ocpp.v16.UnlockConnectorStatus;

/** A charger that says yes and writes down what it was asked. */
public final class FakeHost implements ChargePointHost {
    public final List<String> log = new CopyOnWriteArrayList<>();
    public final List<Registration> registrations = new CopyOnWriteArrayList<>();
    /** What the charger does on an accepted Reset (on the client thread, as the plugin's reset does). */
    public volatile java.util.function.Consumer<ResetType> onReset = type -> { };

    @Override
    public boolean remoteStart(int connectorId, String idTag) {
        log.add("remoteStart " + connectorId + " " + idTag);
        return true;
    }

    @Override
    public boolean remoteStop(int connectorId) {
        log.add("remoteStop " + connectorId);
        return true;
    }

    @Override
    public void deauthorize(int connectorId) {
        log.add("deauthorize " + connectorId);
    }

    /** What the next UnlockConnector is answered with (a test may complete it later). */
    public volatile CompletableFuture<UnlockConnectorStatus> unlockAnswer =
            CompletableFuture.completedFuture(UnlockConnectorStatus.Unlocked);

    @Override
    public CompletionStage<UnlockConnectorStatus> unlockConnector(int connectorId) {
        log.add("unlock " + connectorId);
        return unlockAnswer;
    }

    @Override
    public void setAvailability(int connectorId, boolean operative) {
        log.add("availability " + connectorId + " " + operative);
    }

    @Override
    public boolean reset(ResetType type) {
        log.add("reset " + type);
        onReset.accept(type);
        return true;
    }

    @Override
    public void registrationChanged(Registration registration) {
        registrations.add(registration);
    }
}
