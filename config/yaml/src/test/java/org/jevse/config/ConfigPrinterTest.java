package org.jevse.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigPrinterTest {

    private static JevseConfig roundTrip(JevseConfig config) {
        return ConfigLoader.parse(ConfigPrinter.toYaml(config), "printed.yaml");
    }

    @Test
    void theDefaultsSurviveARoundTrip() {
        assertEquals(ConfigLoader.defaults(), roundTrip(ConfigLoader.defaults()));
    }

    @Test
    void aConfigurationWithEveryKindOfValueChangedSurvivesARoundTrip() {
        JevseConfig config = ConfigLoader.parse("""
                evse:
                  connector_id: 7
                  evse_id: "12345"
                  max_current_import_A: 0.0001
                  ac_nominal_voltage: 400
                  has_ventilation: false
                  switch_3ph1ph_cp_state: F
                  session_id_type: UUID_BASE64
                  session_logging_path: "true"
                  logfile_suffix: "a: b # not a comment"
                  rcd_reset: manual
                board:
                  sim:
                    connector: socket
                    cable_rating_A: 13.5
                    ev_script: |
                      sleep 1
                      plugin   # comments stay part of the script
                auth:
                  local_list: ["0123", "yes", "~", "*not-an-alias"]
                """, "x");
        assertEquals(config, roundTrip(config));
        assertEquals(List.of("0123", "yes", "~", "*not-an-alias"), roundTrip(config).auth().localList());
    }

    @Test
    void everyKeyIsPrintedInDeclarationOrder() {
        String yaml = ConfigPrinter.toYaml(ConfigLoader.defaults());
        int at = -1;
        for (var component : EvseConfig.class.getRecordComponents()) {
            int next = yaml.indexOf("\n  " + component.getAnnotation(Key.class).name() + ":");
            assertTrue(next > at, () -> component.getName() + " missing or out of order");
            at = next;
        }
        assertTrue(yaml.startsWith("evse:\n  connector_id: 1\n"), yaml);
        assertTrue(yaml.indexOf("\nboard:\n  type: sim\n  sim:\n    phases: 3\n") > at, yaml);
        assertTrue(yaml.contains("\nauth:\n  local_list: []\n  connection_timeout_s: 60\n"), yaml);
    }

    @Test
    void integersArePrintedWithoutAndNumbersWithADecimalPoint() {
        String yaml = ConfigPrinter.toYaml(ConfigLoader.defaults());
        assertTrue(yaml.contains("\n  soft_over_current_timeout_ms: 7000\n"), yaml);
        assertTrue(yaml.contains("\n  max_current_import_A: 32.0\n"), yaml);
        assertTrue(yaml.contains("\n  soft_over_current_measurement_noise_A: 0.5\n"), yaml);
        assertTrue(yaml.contains("\n  has_ventilation: true\n"), yaml);
    }

    @Test
    void aLongScriptStaysOnOneLine() {
        String yaml = ConfigPrinter.toYaml(ConfigLoader.defaults());
        assertTrue(yaml.contains("\n    ev_script: \"sleep 1; plugin; sleep 2; auth DEMO-TAG;"
                + " draw_power_regulated 32,3; sleep 60; pause; sleep 5; unplug\"\n"), yaml);
    }
}
