package org.jevse.evse.app.plugin;

import java.util.function.Consumer;

/**
 * Decides whether a presented tag may charge. The local list answers at once; OCPP (Authorize, the local
 * authorization list and the cache) plugs in here later and may answer asynchronously, from any thread.
 */
public interface AuthorizationPort {

    void authorize(String tag, Consumer<Boolean> decision);
}
