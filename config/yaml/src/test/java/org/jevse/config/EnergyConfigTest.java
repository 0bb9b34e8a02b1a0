package org.jevse.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The charger's energy section: the keys that bound what the network can make the leaf hold, and its id. */
class EnergyConfigTest {

    private static String rejection(String yaml) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "jevse.yaml")).getMessage();
    }

    @Test
    void theMaximumPacketSizeDefaultsTo16KiBAndIsBetween4KiBAnd4MiB() {
        assertEquals(16_384, ConfigLoader.parse("", "jevse.yaml").energy().broker().maximumPacketSize());
        assertEquals(65_536, ConfigLoader.parse("energy:\n  maximum_packet_size: 65536\n", "jevse.yaml").energy()
                .broker().maximumPacketSize());
        assertEquals("jevse.yaml: energy.maximum_packet_size: 16777216 is out of range; allowed: an integer from"
                + " 4096 to 4194304", rejection("energy:\n  maximum_packet_size: 16777216\n"));
        assertEquals("jevse.yaml: energy.maximum_packet_size: 100 is out of range; allowed: an integer from"
                + " 4096 to 4194304", rejection("energy:\n  maximum_packet_size: 100\n"));
    }

    @Test
    void theBrokerKeysAreWrittenInEachSectionAndReadIntoThatSectionsOwnConnection() {
        JevseConfig cfg = ConfigLoader.parse("""
                energy:
                  broker_url: ssl://site:8883
                  username: leaf
                  ca_file: /etc/jevse/site-ca.pem
                  maximum_packet_size: 8192
                mqtt:
                  broker_url: tcp://home:1883
                  password: secret
                """, "jevse.yaml");
        assertEquals(new BrokerConnection("ssl://site:8883", "leaf", "", "/etc/jevse/site-ca.pem", "", "", 8192),
                cfg.energy().broker());
        assertEquals(new BrokerConnection("tcp://home:1883", "", "secret", "", "", "", 16_384), cfg.mqtt().broker());
        assertEquals("jevse.yaml: energy.broker: unknown key; allowed keys in energy: broker_url, username, password,"
                + " ca_file, client_certificate_file, client_key_file, maximum_packet_size, leaf_id,"
                + " failsafe_current_A, topic_prefix", rejection("energy:\n  broker:\n    broker_url: tcp://x:1883\n"));
    }

    @Test
    void theLeafIdIsOneTopicLevel() {
        for (String id : new String[] {"cp/1", "'cp+'", "'#'", "\"cp\\u0001\""}) {
            String m = rejection("energy:\n  leaf_id: " + id + "\n");
            assertEquals(true, m.startsWith("jevse.yaml: energy: leaf_id \"") && m.endsWith(" is not a topic level;"
                    + " allowed: 1 to 64 characters without / + # or control characters") && !m.contains("\n"), m);
        }
        assertEquals("DE*PNX*E1234567*1", ConfigLoader.parse("energy:\n  leaf_id: DE*PNX*E1234567*1\n", "jevse.yaml")
                .energy().leafId());
    }
}
