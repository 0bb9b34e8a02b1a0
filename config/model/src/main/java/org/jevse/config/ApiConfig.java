package org.jevse.config;

import java.util.List;

/**
 * The HTTP API and web page (docs/api.md, docs/security.md). With an empty {@code listen} there is none; the energy
 * manager's file takes the same section.
 */
public record ApiConfig(
        @Key(name = "listen", def = "''", jevse = true,
             doc = "HOST:PORT to serve the API and the web page on, e.g. 127.0.0.1:8080 (this machine only) or 0.0.0.0:8080 (the LAN; then set users and TLS). Empty: no API.")
        String listen,
        @Key(name = "anonymous_read", def = "false", jevse = true,
             doc = "true: the read-only endpoints (status, sessions, tags, config, events) and the page's live view answer without a login. Control always needs a user with the role control.")
        boolean anonymousRead,
        @Key(name = "users", def = "[]", jevse = true,
             doc = "Who may log in: a name, a password hash printed by `jevse passwd`, and a role.")
        List<User> users,
        @Key(name = "tls_certificate_file", def = "''", jevse = true,
             doc = "PEM server certificate (chain) for HTTPS. Empty: plain HTTP.")
        String tlsCertificateFile,
        @Key(name = "tls_key_file", def = "''", jevse = true,
             doc = "PEM private key (unencrypted PKCS#8) of tls_certificate_file.")
        String tlsKeyFile,
        @Key(name = "max_event_clients", def = "64", min = 1, max = 1000, jevse = true,
             doc = "Most live event streams (GET /api/v1/events) open at once; one more is answered 503.")
        int maxEventClients,
        @Key(name = "charge_log_file", def = "charge-log.jsonl", jevse = true,
             doc = "The charge log (one JSON line per finished transaction), kept while the API runs. Relative paths are relative to the working directory. Empty: no charge log.")
        String chargeLogFile,
        @Key(name = "charge_log_max_bytes", def = "4194304", min = 4096, max = 1073741824, jevse = true,
             doc = "Past this size the charge log is rotated: the file becomes FILE.1 (replacing the older one) and a new file starts, so the log holds at most twice this.")
        int chargeLogMaxBytes,
        @Key(name = "tags_file", def = "tags.json", jevse = true,
             doc = "The RFID tags added through the API, with their user names; accepted like auth.local_list. Relative paths are relative to the working directory.")
        String tagsFile) {

    public ApiConfig {
        users = List.copyOf(users);
    }

    /** A user of the API. */
    public record User(
            @Key(name = "name", required = true, jevse = true, doc = "The login name.")
            String name,
            @Key(name = "password_hash", required = true, jevse = true, secret = true,
                 doc = "pbkdf2-sha256$ITERATIONS$SALT$HASH as printed by `jevse passwd` (never the password itself).")
            String passwordHash,
            @Key(name = "role", def = "read", jevse = true,
                 doc = "read: status, sessions, tags, configuration, events; control: also control and tag changes.")
            ApiRole role) {

        public User {
            if (name.isEmpty() || name.length() > 64) {
                throw new IllegalArgumentException("a name of " + name.length() + " characters; allowed: 1 to 64");
            }
        }

        @Override
        public String toString() {
            return "User[" + name + ", " + role + "]"; // never the hash
        }
    }
}
