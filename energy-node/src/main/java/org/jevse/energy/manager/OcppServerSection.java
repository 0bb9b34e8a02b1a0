package org.jevse.energy.manager;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jevse.config.Key;
import org.jevse.config.TopicLevel;

/**
 * The energy manager's {@code ocpp_server:} section: the Local Controller (docs/local-controller.md). With a
 * {@code listen} address the manager also governs OCPP 1.6J chargers as leaves of its tree; with an
 * {@code upstream_url} it sits between them and the operator's CSMS (LC mode), without one it is their CSMS (CS
 * mode). Each charger's place in the tree (node, rotation, maximum) is its entry in the file's {@code chargers:}.
 */
public record OcppServerSection(
        @Key(name = "listen", def = "''", jevse = true,
             doc = "HOST:PORT the OCPP 1.6J server listens on (chargers connect to ws[s]://HOST:PORT/CHARGER_ID). Empty: no OCPP server.")
        String listen,
        @Key(name = "upstream_url", def = "''", jevse = true,
             doc = "The operator's CSMS, ws:// or wss:// (the charger id is appended as the last path level): LC mode, every frame forwarded both ways. Empty: CS mode, the manager is the chargers' CSMS.")
        String upstreamUrl,
        @Key(name = "upstream_ca_file", def = "''", jevse = true,
             doc = "PEM file of the CA that signed a wss:// upstream_url's certificate. Empty: the JVM's trust store.")
        String upstreamCaFile,
        @Key(name = "tls_certificate_file", def = "''", jevse = true,
             doc = "PEM server certificate: with tls_key_file the server speaks wss:// only. Empty: ws://.")
        String tlsCertificateFile,
        @Key(name = "tls_key_file", def = "''", jevse = true,
             doc = "PEM unencrypted PKCS#8 key of tls_certificate_file.")
        String tlsKeyFile,
        @Key(name = "server_charging_call", def = "Forward", jevse = true,
             doc = "What the LC does with the CSMS's SetChargingProfile and ClearChargingProfile (balanz's server_charging_call). Forward: a ChargePointMaxProfile is forwarded; the limit of a TxDefaultProfile or TxProfile is honoured as an upper bound of the charger inside the allocation and answered Accepted by the LC. Accepted or Rejected: answered so by the LC and otherwise ignored.")
        ServerChargingCall serverChargingCall,
        @Key(name = "fail_safe_current_A", def = "0", min = 0, max = 80, jevse = true,
             doc = "The TxDefaultProfile the LC installs on every charger (A per phase): what a charger draws without a live grant, i.e. before its first grant and when a grant's schedule ends. 0 blocks new sessions (SuspendedEVSE) until current is granted.")
        double failSafeCurrentA,
        @Key(name = "valid_for_s", def = "60", min = 10, max = 3600, jevse = true,
             doc = "The lease of an OCPP grant: the TxProfile's schedule lasts this long and is sent again when half of it has passed, so a charger that loses the LC falls back to fail_safe_current_A by itself.")
        int validForS,
        @Key(name = "fallback_margin_s", def = "30", min = 0, max = 600, jevse = true,
             doc = "How long after a grant's schedule ends the site still counts that grant for its charger: a charger re-evaluates its composite schedule late (some by tens of seconds) and draws its last grant until then, so the current it frees is given to others only after this margin. Lower it only for chargers measured to fall back promptly.")
        int fallbackMarginS,
        @Key(name = "obedience_timeout_s", def = "10", min = 5, max = 600, jevse = true,
             doc = "A charger whose metered current stays above its grant (by more than 1 A) this long after it accepted the profile is disobedient: it is counted at its maximum and reported. At least the 5 s IEC 61851-1 gives the EV to follow the PWM.")
        int obedienceTimeoutS,
        @Key(name = "ping_interval_s", def = "60", min = 0, max = 3600, jevse = true,
             doc = "WebSocket ping interval towards each charger; a charger that does not answer within it is disconnected (balanz's watchdog). 0: no pings.")
        int pingIntervalS,
        @Key(name = "max_message_bytes", def = "65536", min = 4096, max = 1048576, jevse = true,
             doc = "The largest OCPP message in bytes accepted from a charger or the CSMS; a larger one closes the connection (1009).")
        int maxMessageBytes,
        @Key(name = "session_history_file", def = "''", jevse = true,
             doc = "CS mode: the CSV file each finished transaction is appended to (charger, connector, transaction, id_tag, user, start, stop, meter_start_Wh, meter_stop_Wh, reason). Empty: none.")
        String sessionHistoryFile,
        @Key(name = "data_dir", def = "''", jevse = true,
             doc = "Directory where the LC keeps what it learns: the chargers it registered automatically and the AuthorizationKeys it provisioned (as salted hashes), in ocpp-server-chargers.properties, written atomically. Needed by auto_register and provision_authorization_keys.")
        String dataDir,
        @Key(name = "auto_register", def = "false", jevse = true,
             doc = "Let a charger whose id is not in chargers connect and register itself (balanz's charger_autoregister): it becomes a leaf of auto_register_node with its id as leaf id, is kept in data_dir, and is then known like a configured one. False: an unknown id is refused in the WebSocket handshake.")
        boolean autoRegister,
        @Key(name = "auto_register_node", def = "''", jevse = true,
             doc = "The node of the tree an automatically registered charger is a leaf of (one connector, connector 1, phase rotation unknown). Needed by auto_register.")
        String autoRegisterNode,
        @Key(name = "auto_register_max_current_A", def = "16", min = 6, max = 80, jevse = true,
             doc = "The maximum current per phase of an automatically registered charger.")
        double autoRegisterMaxCurrentA,
        @Key(name = "auto_register_max_chargers", def = "16", min = 1, max = 256, jevse = true,
             doc = "At most this many chargers are registered automatically; further unknown ids are refused.")
        int autoRegisterMaxChargers,
        @Key(name = "provision_authorization_keys", def = "false", jevse = true,
             doc = "CS mode: a known charger without an authorization_key that connects without a provisioned key gets one: the LC generates 20 random bytes, sends them (40 hex digits) with ChangeConfiguration AuthorizationKey, and once the charger accepted, keeps the key's salted hash in data_dir and requires HTTP Basic with it (OCPP 1.6 Security Whitepaper A01). Not in LC mode: there the CSMS owns the charger's key.")
        boolean provisionAuthorizationKeys,
        @Key(name = "tags", def = "[]", jevse = true,
             doc = "CS mode: the id tags that may charge, with their users. An unknown tag is Invalid.")
        List<Tag> tags,
        @Key(name = "chargers", def = "[]", jevse = true,
             doc = "The OCPP chargers: each governed connector is a leaf of the file's chargers (its node, rotation and maximum). A charger not listed here is refused unless auto_register lets it register.")
        List<OcppCharger> chargers) {

    /** balanz's server_charging_call; the names are balanz's. */
    public enum ServerChargingCall { Forward, Accepted, Rejected }

    /** An id tag of CS mode's list. */
    public record Tag(
            @Key(name = "id_tag", required = true, jevse = true, doc = "The id tag (OCPP IdToken, 1 to 20 characters).")
            String idTag,
            @Key(name = "user", def = "''", jevse = true, doc = "Who it belongs to, written in the session history.")
            String user) {
        public Tag {
            if (idTag.isEmpty() || idTag.length() > 20) {
                throw new IllegalArgumentException("id_tag: '" + idTag + "' has " + idTag.length()
                        + " characters; allowed: 1 to 20 (OCPP 1.6 IdToken)");
            }
        }
    }

    /** A governed connector of an OCPP charger: its connector id and the leaf of the tree it is. */
    public record OcppConnector(
            @Key(name = "connector", required = true, min = 1, max = 10, jevse = true,
                 doc = "The OCPP connectorId (1 to 10).")
            int connector,
            @Key(name = "leaf", required = true, jevse = true,
                 doc = "Its leaf id: an entry of the file's chargers (node, rotation, maximum).")
            String leaf) {
        public OcppConnector {
            TopicLevel.require("leaf", leaf);
        }
    }

    /** A charger that connects to the OCPP server. */
    public record OcppCharger(
            @Key(name = "id", required = true, jevse = true,
                 doc = "The charge point identity (the last level of its URL). Without connectors it is also the leaf id of its one connector, an entry of chargers.")
            String id,
            @Key(name = "authorization_key", def = "''", jevse = true,
                 doc = "The charger's AuthorizationKey: it must present HTTP Basic authentication with its id and this password (OCPP 1.6 Security Whitepaper, profile 1 or 2). Empty: no authentication (profile 0 on a trusted network).")
            String authorizationKey,
            @Key(name = "connectors", def = "[]", jevse = true,
                 doc = "The charger's governed connectors, each a leaf of the tree. Empty: one connector, 1, whose leaf is the charger's id. A charger's own supply limit is a node of the tree above its connectors' leaves.")
            List<OcppConnector> connectors,
            @Key(name = "phase_switching", def = "false", jevse = true,
                 doc = "The charger switches between 1 and 3 phases when a TxProfile's ChargingSchedulePeriod.numberPhases says so (OCPP 1.6; its ConnectorSwitch3to1PhaseSupported): the allocator may then grant it 1 or 3 phases. False: its profiles carry only the current, never numberPhases.")
            boolean phaseSwitching) {
        public OcppCharger {
            TopicLevel.require("id", id);
            connectors = connectors.isEmpty() ? List.of(new OcppConnector(1, id)) : List.copyOf(connectors);
            Map<Integer, Integer> seenConnector = new HashMap<>();
            for (int i = 0; i < connectors.size(); i++) {
                Integer first = seenConnector.putIfAbsent(connectors.get(i).connector(), i);
                if (first != null) {
                    throw new IllegalArgumentException("connectors[" + i + "].connector: " + connectors.get(i).connector()
                            + " is already connectors[" + first + "].connector; allowed: each connector once");
                }
            }
            if (!authorizationKey.isEmpty() && (authorizationKey.length() < 16 || authorizationKey.length() > 40)) {
                throw new IllegalArgumentException("authorization_key: " + authorizationKey.length()
                        + " characters; allowed: empty or 16 to 40 (OCPP 1.6 Security Whitepaper AuthorizationKey)");
            }
        }
    }

    public OcppServerSection {
        tags = List.copyOf(tags);
        chargers = List.copyOf(chargers);
        if (!listen.isEmpty()) {
            hostPort(listen); // throws with the key's name
        }
        if (!upstreamUrl.isEmpty() && !upstreamUrl.startsWith("ws://") && !upstreamUrl.startsWith("wss://")) {
            throw new IllegalArgumentException("upstream_url: " + upstreamUrl + "; allowed: empty, ws://... or wss://...");
        }
        if (tlsCertificateFile.isEmpty() != tlsKeyFile.isEmpty()) {
            throw new IllegalArgumentException("tls_key_file: tls_certificate_file and tls_key_file go together;"
                    + " allowed: both set (wss) or both empty (ws)");
        }
        if ((autoRegister || provisionAuthorizationKeys) && dataDir.isEmpty()) {
            throw new IllegalArgumentException("data_dir: empty; allowed: a directory, needed by "
                    + (autoRegister ? "auto_register" : "provision_authorization_keys"));
        }
        if (autoRegister && autoRegisterNode.isEmpty()) {
            throw new IllegalArgumentException("auto_register_node: empty; allowed: a node of nodes, needed by auto_register");
        }
        if (provisionAuthorizationKeys && !upstreamUrl.isEmpty()) {
            throw new IllegalArgumentException("provision_authorization_keys: true with an upstream_url; allowed: false in"
                    + " LC mode (the CSMS owns the charger's AuthorizationKey and its Authorization header is passed on)");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < chargers.size(); i++) {
            Integer first = seen.putIfAbsent(chargers.get(i).id(), i);
            if (first != null) {
                throw new IllegalArgumentException("chargers[" + i + "].id: " + chargers.get(i).id()
                        + " is already chargers[" + first + "].id; allowed: each charger id once");
            }
        }
        Map<String, String> leafSeen = new HashMap<>();
        for (int i = 0; i < chargers.size(); i++) {
            for (int j = 0; j < chargers.get(i).connectors().size(); j++) {
                String leaf = chargers.get(i).connectors().get(j).leaf();
                String first = leafSeen.putIfAbsent(leaf, "chargers[" + i + "].connectors[" + j + "].leaf");
                if (first != null) {
                    throw new IllegalArgumentException("chargers[" + i + "].connectors[" + j + "].leaf: " + leaf
                            + " is already " + first + "; allowed: each leaf once");
                }
            }
        }
        Map<String, Integer> tagSeen = new HashMap<>();
        for (int i = 0; i < tags.size(); i++) {
            Integer first = tagSeen.putIfAbsent(tags.get(i).idTag(), i);
            if (first != null) {
                throw new IllegalArgumentException("tags[" + i + "].id_tag: " + tags.get(i).idTag()
                        + " is already tags[" + first + "].id_tag; allowed: each tag once");
            }
        }
    }

    /** True when the section turns the OCPP server on. */
    public boolean enabled() {
        return !listen.isEmpty();
    }

    /** True in LC mode (an upstream CSMS). */
    public boolean lcMode() {
        return !upstreamUrl.isEmpty();
    }

    /** {@code listen} as host and port. */
    public static java.net.InetSocketAddress hostPort(String listen) {
        int colon = listen.lastIndexOf(':');
        String allowed = "; allowed: HOST:PORT with a port from 1 to 65535, e.g. 0.0.0.0:8887";
        if (colon <= 0) {
            throw new IllegalArgumentException("listen: " + listen + allowed);
        }
        int port;
        try {
            port = Integer.parseInt(listen.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("listen: " + listen + allowed);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("listen: " + listen + allowed);
        }
        String host = listen.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return java.net.InetSocketAddress.createUnresolved(host, port);
    }
}
