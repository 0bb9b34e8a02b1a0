package org.jevse.config;

import java.util.List;

/**
 * The HTTP API and web page (docs/api.md, docs/security.md). With an empty {@code listen} there is none. The energy
 * manager's file takes the same section: it holds only what both servers share (the charger's charge log is
 * {@code evse.charge_log_file}, its tag list {@code auth.tags_file}).
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
        int maxEventClients) {

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
