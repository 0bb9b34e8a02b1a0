package org.jevse.evse.app.plugin;

import org.jevse.evse.core.ChargerCore;
import org.jevse.evse.core.ControlEvent;
import org.jevse.evse.core.Status;

/**
 * What a {@link ChargerPlugin} sees of the running charger: its inputs ({@link #control}), its state and its
 * observers. The application's charger implements it; plugins depend on this contract only, so that the
 * application may create them without a package cycle.
 */
public interface ChargerAccess {

    /** Hands a control event to the charger loop (any thread). */
    void control(ControlEvent event);

    /** The last status the core published. */
    Status status();

    /** The core, for what it knows of the hardware (its capabilities). */
    ChargerCore core();

    /** Adds an observer; call before {@link ChargerPlugin#attach} returns. */
    void addListener(ChargerListener listener);

    /** Who decides whether a presented tag may charge. */
    AuthorizationPort authorization();

    void setAuthorization(AuthorizationPort port);
}
