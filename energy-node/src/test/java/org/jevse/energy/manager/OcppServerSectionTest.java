package org.jevse.energy.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jevse.config.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The energy manager's ocpp_server: section (the Local Controller): defaults, a full file, one-line rejections. */
class OcppServerSectionTest {

    private static final String TREE = """
            nodes:
              - {id: site, limits_A: [63, 63, 63]}
            chargers:
              - {id: cp1, node: site}
              - {id: abb, node: site, rotation: L231}
            """;

    private static String rejection(String yaml) {
        ConfigException e = assertThrows(ConfigException.class, () -> EnergyManagerFile.parse(yaml, "manager.yaml"));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void withoutTheSectionTheOcppServerIsOff() {
        OcppServerSection s = EnergyManagerFile.parse(TREE, "manager.yaml").ocppServer();
        assertFalse(s.enabled());
        assertFalse(s.lcMode());
        assertEquals(OcppServerSection.ServerChargingCall.Forward, s.serverChargingCall());
        assertEquals(0.0, s.failSafeCurrentA());
        assertEquals(60, s.validForS());
        assertEquals(10, s.obedienceTimeoutS());
        assertEquals(65536, s.maxMessageBytes());
    }

    @Test
    void aFullLcSectionIsRead() {
        OcppServerSection s = EnergyManagerFile.parse(TREE + """
                ocpp_server:
                  listen: 127.0.0.1:8887
                  upstream_url: wss://csms.example/ocpp
                  server_charging_call: Rejected
                  fail_safe_current_A: 6
                  valid_for_s: 120
                  tags: [{id_tag: CAFE01, user: Ann}]
                  chargers:
                    - {id: abb, authorization_key: 0123456789abcdef0123}
                """, "manager.yaml").ocppServer();
        assertTrue(s.enabled());
        assertTrue(s.lcMode());
        assertEquals(OcppServerSection.ServerChargingCall.Rejected, s.serverChargingCall());
        assertEquals(6.0, s.failSafeCurrentA());
        assertEquals(120, s.validForS());
        assertEquals("Ann", s.tags().get(0).user());
        assertEquals("0123456789abcdef0123", s.chargers().get(0).authorizationKey());
        assertEquals(List.of(new OcppServerSection.OcppConnector(1, "abb")), s.chargers().get(0).connectors(),
                "one connector by default: connector 1, the charger's id as leaf");
        assertFalse(s.chargers().get(0).phaseSwitching(), "no numberPhases by default");
    }

    @Test
    void badValuesAreOneLineNamingTheKey() {
        assertEquals("manager.yaml: ocpp_server: listen: localhost; allowed: HOST:PORT with a port from 1 to 65535,"
                + " e.g. 0.0.0.0:8887", rejection(TREE + "ocpp_server: {listen: localhost}\n"));
        assertEquals("manager.yaml: ocpp_server: upstream_url: http://csms; allowed: empty, ws://... or wss://...",
                rejection(TREE + "ocpp_server: {listen: '127.0.0.1:8887', upstream_url: 'http://csms'}\n"));
        assertEquals("manager.yaml: ocpp_server.chargers[0].id: garage is not in chargers (which places it in the"
                + " tree); allowed: abb, cp1", rejection(TREE + "ocpp_server: {chargers: [{id: garage}]}\n"));
        assertTrue(rejection(TREE + "ocpp_server: {server_charging_call: forward}\n")
                .startsWith("manager.yaml: ocpp_server.server_charging_call: "), "one line naming the key");
        assertEquals("manager.yaml: ocpp_server.chargers[0]: authorization_key: 5 characters; allowed: empty or 16"
                + " to 40 (OCPP 1.6 Security Whitepaper AuthorizationKey)",
                rejection(TREE + "ocpp_server: {chargers: [{id: abb, authorization_key: short}]}\n"));
        assertTrue(rejection(TREE + "ocpp_server: {tags: [{id_tag: A}, {id_tag: A}]}\n")
                .contains("tags[1].id_tag: A is already tags[0].id_tag"));
        assertTrue(rejection(TREE + "ocpp_server: {tls_certificate_file: cert.pem}\n")
                .contains("tls_certificate_file and tls_key_file go together"));
    }

    @Test
    void aChargerWithSeveralConnectorsIsOneLeafPerConnector() {
        OcppServerSection s = EnergyManagerFile.parse(TREE + """
                ocpp_server:
                  chargers:
                    - {id: DUO, phase_switching: true, connectors: [{connector: 1, leaf: abb}, {connector: 2, leaf: cp1}]}
                """, "manager.yaml").ocppServer();
        assertEquals(List.of(new OcppServerSection.OcppConnector(1, "abb"), new OcppServerSection.OcppConnector(2, "cp1")),
                s.chargers().get(0).connectors());
        assertTrue(s.chargers().get(0).phaseSwitching());
        assertEquals("manager.yaml: ocpp_server.chargers[0].connectors[1].leaf: garage is not in chargers (which places"
                + " it in the tree); allowed: abb, cp1", rejection(TREE + "ocpp_server: {chargers: [{id: DUO, connectors:"
                + " [{connector: 1, leaf: abb}, {connector: 2, leaf: garage}]}]}\n"));
        assertTrue(rejection(TREE + "ocpp_server: {chargers: [{id: DUO, connectors: [{connector: 1, leaf: abb},"
                + " {connector: 1, leaf: cp1}]}]}\n").contains("connectors[1].connector: 1 is already"
                + " connectors[0].connector; allowed: each connector once"));
        assertTrue(rejection(TREE + "ocpp_server: {chargers: [{id: A, connectors: [{connector: 1, leaf: abb}]},"
                + " {id: B, connectors: [{connector: 1, leaf: abb}]}]}\n").contains("chargers[1].connectors[0].leaf: abb is"
                + " already chargers[0].connectors[0].leaf; allowed: each leaf once"));
    }

    @Test
    void autoRegistrationAndKeyProvisioningNeedTheirDataDirAndNode() {
        assertEquals("manager.yaml: ocpp_server: data_dir: empty; allowed: a directory, needed by auto_register",
                rejection(TREE + "ocpp_server: {auto_register: true, auto_register_node: site}\n"));
        assertEquals("manager.yaml: ocpp_server: auto_register_node: empty; allowed: a node of nodes, needed by"
                + " auto_register", rejection(TREE + "ocpp_server: {auto_register: true, data_dir: /tmp/x}\n"));
        assertEquals("manager.yaml: ocpp_server.auto_register_node: unknown node garage; allowed: site",
                rejection(TREE + "ocpp_server: {auto_register: true, data_dir: /tmp/x, auto_register_node: garage}\n"));
        assertEquals("manager.yaml: ocpp_server: data_dir: empty; allowed: a directory, needed by"
                + " provision_authorization_keys", rejection(TREE + "ocpp_server: {provision_authorization_keys: true}\n"));
        assertTrue(rejection(TREE + "ocpp_server: {provision_authorization_keys: true, data_dir: /tmp/x,"
                + " upstream_url: 'ws://csms'}\n").contains("provision_authorization_keys: true with an upstream_url;"
                + " allowed: false in LC mode"));
        OcppServerSection s = EnergyManagerFile.parse(TREE + "ocpp_server: {listen: '127.0.0.1:8887'}\n",
                "manager.yaml").ocppServer();
        assertFalse(s.autoRegister(), "off by default");
        assertFalse(s.provisionAuthorizationKeys(), "off by default");
    }
}
