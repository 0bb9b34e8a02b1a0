package org.jevse.evse.mqtt;

import org.jevse.board.sim.EvScript;
import org.jevse.config.ConfigLoader;
import org.jevse.config.JevseConfig;
import org.jevse.evse.app.SimulatedCharger;

/** A simulated charger (real core, simulated board, scripted EV) with the MQTT API, on real time in the background. */
final class MqttApiRig {

    final SimulatedCharger sim;
    final Thread thread;

    /**
     * @param extraSim more keys of board.sim, indented by four spaces, or ""
     */
    MqttApiRig(String id, String brokerUrl, String prefix, String evScript, String extraSim) {
        String yaml = """
                evse:
                  evse_id: %s
                board:
                  type: sim
                  sim:
                    ev_reaction_ms: 100
                    ev_script: "%s"
                %s
                auth:
                  local_list: [DEMO-TAG]
                mqtt:
                  broker_url: %s
                  topic_prefix: %s
                """.formatted(id, evScript, extraSim, brokerUrl, prefix);
        JevseConfig cfg = ConfigLoader.parse(yaml, id + ".yaml");
        sim = new SimulatedCharger(cfg, EvScript.parse(cfg.board().sim().evScript()), SimulatedCharger.Pace.REAL, 1);
        thread = new Thread(sim::run, "charger-" + id);
        thread.setDaemon(true);
        thread.start();
    }
}
