package org.jevse.energy.api;

import java.nio.charset.StandardCharsets;
import org.jevse.energy.manager.EnergyManager;
import org.jevse.energy.wire.BadPayload;
import org.jevse.energy.wire.Wire;

/**
 * The energy manager's charge_manager HTTP API, after WARP's (docs/api.md, Energy manager HTTP API): the same
 * documents and the same available_current update as the MQTT topics {@code PREFIX/charge_manager/...}, so a
 * script written for WARP's {@code curl http://$HOST/charge_manager/available_current -d '{"current": 16000}'}
 * works unchanged. What the HTTP server does with these (routes, roles, errors) is {@link ChargeManagerServer}'s.
 */
public final class ChargeManagerApi {

    private final EnergyManager manager;

    public ChargeManagerApi(EnergyManager manager) {
        this.manager = manager;
    }

    /** {@code GET /charge_manager/available_current}: {@code {"current": mA}}. */
    public byte[] availableCurrent() throws Exception {
        return current(manager.state().availableCurrent());
    }

    /**
     * {@code POST} or {@code PUT /charge_manager/available_current} (and WARP's {@code available_current_update}):
     * {@code {"current": mA}} or a bare number of mA; above maximum_available_current it is clamped.
     *
     * @return {@code {"current": mA}} as now in force
     * @throws BadPayload naming what is allowed
     */
    public byte[] updateAvailableCurrent(byte[] body) throws Exception {
        return current(manager.updateAvailableCurrent(body));
    }

    /** {@code GET /charge_manager/state}: the document of the MQTT topic charge_manager/state. */
    public byte[] state() throws Exception {
        return Wire.encode(manager.state());
    }

    private static byte[] current(long ma) {
        return ("{\"current\":" + ma + "}").getBytes(StandardCharsets.UTF_8);
    }

}
