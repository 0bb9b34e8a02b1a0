package org.jevse.http;

import java.util.List;
import org.jevse.config.ApiConfig;

/**
 * How an API server runs.
 *
 * @param listen          where it listens
 * @param anonymousRead   true: the read-only endpoints answer without a login
 * @param users           who may log in
 * @param tlsCertFile     PEM server certificate (chain) for HTTPS; empty: plain HTTP
 * @param tlsKeyFile      PEM unencrypted PKCS#8 key of the certificate; empty exactly when tlsCertFile is
 * @param maxBodyBytes    the largest request body taken; a larger one is answered 413
 * @param maxEventClients the most live event streams at once; one more is answered 503
 */
public record HttpSettings(ListenAddress listen, boolean anonymousRead, List<User> users, String tlsCertFile,
                           String tlsKeyFile, int maxBodyBytes, int maxEventClients) {

    public static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024;
    public static final int DEFAULT_MAX_EVENT_CLIENTS = 64;

    public HttpSettings {
        users = List.copyOf(users);
        tlsCertFile = tlsCertFile == null ? "" : tlsCertFile;
        tlsKeyFile = tlsKeyFile == null ? "" : tlsKeyFile;
    }

    /** The settings of an {@code api:} section: the charger's and the energy manager's are the same record. */
    public static HttpSettings of(ApiConfig a) {
        return new HttpSettings(ListenAddress.parse("api.listen", a.listen()), a.anonymousRead(),
                a.users().stream().map(u -> new User(u.name(), u.passwordHash(),
                        Role.parse("api.users.role", u.role().name()))).toList(),
                a.tlsCertificateFile(), a.tlsKeyFile(), DEFAULT_MAX_BODY_BYTES, a.maxEventClients());
    }

    public boolean https() {
        return !tlsCertFile.isEmpty();
    }
}
