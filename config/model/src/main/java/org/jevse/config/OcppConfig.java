package org.jevse.config;

/**
 * The OCPP 1.6J connection to the operator's central system. With an empty {@code central_system_uri} the charger
 * runs without OCPP. Owned by the OCPP work (docs/ocpp.md).
 */
public record OcppConfig(
        @Key(name = "central_system_uri", def = "''", jevse = true,
             doc = "WebSocket URL of the CSMS, e.g. ws://127.0.0.1:9000/ocpp/ (the charge point id is appended). Empty: no OCPP.")
        String centralSystemUri,
        @Key(name = "charge_point_id", def = "jevse-cp-1", jevse = true,
             doc = "The charge point identity appended to central_system_uri.")
        String chargePointId,
        @Key(name = "data_dir", def = "ocpp-data", jevse = true,
             doc = "Directory for the OCPP state that must survive a reboot: the transaction-message queue, running transactions, configuration keys, availability, profiles, local list. Relative paths are relative to the working directory.")
        String dataDir,
        @Key(name = "drain_grace_s", def = "30", min = 0, max = 3600, jevse = true,
             doc = "When the charger exits (the end of `jevse simulate`, SIGTERM or Ctrl-C of `jevse run`), wait up to this long for queued transaction messages to reach the CSMS; a message already sent still gets its answer (at most one 30 s call timeout more). What is not delivered stays queued on disk for the next start.")
        int drainGraceS,
        @Key(name = "queue_bound", def = "10000", min = 100, max = 1000000, jevse = true,
             doc = "Most transaction messages kept while the CSMS is unreachable. Past it the oldest sampled MeterValues are thinned out (and logged); StartTransaction and StopTransaction are never dropped.")
        int queueBound,
        @Key(name = "journal_sync", def = "batch", jevse = true,
             doc = "When a step that queues only sampled MeterValues returns: `batch` once written to the journal (a crash of the process keeps it; a power loss may take those written in the last two fsyncs or so, none of them sent to the CSMS), `step` once fsync'd (every message survives a power loss; one message per step is bound by the disk's flush rate). StartTransaction, StopTransaction, security events and recorded answers are fsync'd before their step returns either way; a message goes to the CSMS only once fsync'd.")
        JournalSyncMode journalSync,
        @Key(name = "max_message_bytes", def = "262144", min = 4096, max = 1048576, jevse = true,
             doc = "Longest WebSocket frame or (fragmented) message accepted from the CSMS, in bytes. A longer one closes the connection with 1009 (message too big) and the charger reconnects. The default holds a SendLocalList of 1,000 entries with room to spare.")
        int maxMessageBytes,
        @Key(name = "security_profile", def = "0", min = 0, max = 3, jevse = true,
             doc = "OCPP 1.6 Security Whitepaper profile: 0 none, 1 Basic auth over ws, 2 Basic auth over wss (TLS), 3 client certificate over wss (mTLS). The CSMS may raise it with the SecurityProfile key, never lower it.")
        int securityProfile,
        @Key(name = "authorization_key", def = "''", jevse = true, secret = true,
             doc = "The Basic-auth password (AuthorizationKey) for security profiles 1 and 2: 16-20 characters, or 32-40 hexadecimal digits. Never readable through OCPP.")
        String authorizationKey,
        @Key(name = "authorization_key_raw", def = "false", jevse = true,
             doc = "Send a hexadecimal authorization_key as its text instead of the decoded bytes the whitepaper's test case expects (for CSMSs that compare the hex text).")
        boolean authorizationKeyRaw,
        @Key(name = "ca_file", def = "''", jevse = true,
             doc = "PEM file with the CA certificate(s) that sign the CSMS's server certificate (profiles 2 and 3). The server is never trusted without it.")
        String caFile,
        @Key(name = "client_certificate_file", def = "''", jevse = true,
             doc = "PEM certificate chain of this charge point for profile 3 (mutual TLS).")
        String clientCertificateFile,
        @Key(name = "client_key_file", def = "''", jevse = true,
             doc = "PEM private key (PKCS#8) of client_certificate_file.")
        String clientKeyFile) {
}
