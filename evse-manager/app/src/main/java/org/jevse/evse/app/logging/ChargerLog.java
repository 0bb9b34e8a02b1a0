package org.jevse.evse.app.logging;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.jevse.evse.app.plugin.ChargerListener;
import org.jevse.evse.core.ActiveError;
import org.jevse.evse.core.Notification;

/**
 * The charger's log: each state change and session at info, and the safety-relevant events with their reason: an
 * error that cuts the power at warning; welding, the residual-current device and a core defect at error (someone
 * must look at the charger before it is used again); a cleared error at info.
 */
public final class ChargerLog implements ChargerListener {

    private static final Logger LOG = Logger.getLogger("org.jevse.evse.Charger");

    @Override
    public void onNotification(long tMs, Notification n) {
        if (n instanceof Notification.ErrorChanged e) {
            error(e.error(), e.active());
        } else if (n instanceof Notification.StateChanged s) {
            LOG.info(() -> "state " + s.state() + (s.pauseReasons().isEmpty() ? "" : " " + s.pauseReasons()));
        } else if (n instanceof Notification.SessionStarted s) {
            LOG.info(() -> "session " + s.session().id() + " started");
        } else if (n instanceof Notification.SessionFinished s) {
            LOG.info(() -> String.format("session %s finished (%s): %.0f Wh", s.session().id(), s.reason(),
                    s.energyWh()));
        }
    }

    private static void error(ActiveError err, boolean active) {
        if (!active) {
            LOG.info(() -> "cleared " + err.code().type());
            return;
        }
        LOG.log(level(err), () -> (err.fatal() ? "power cut: " : "error: ") + err.code().type()
                + " (" + err.code().severity() + ")" + (err.detail().isEmpty() ? "" : ": " + err.detail()));
    }

    static Level level(ActiveError err) {
        return switch (err.code()) {
            case MREC17EVSEContactorFault, MREC2GroundFailure, RcdSelftest, CoreStepDidNotSettle -> Level.SEVERE;
            // An authorization timeout is the driver's business, not the charger's.
            case MREC9AuthorizationTimeout -> Level.INFO;
            default -> Level.WARNING;
        };
    }
}
