package org.jevse.ocpp.security;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The SecurityProfile and AuthorizationKey configuration keys (Security Whitepaper ed. 2 §7.2, §7.6) with their
 * change rules, persisted in an owner-only file that is replaced atomically before a change is answered.
 *
 * <p>The charger's own configuration (YAML) gives the installed values. A change of those local values wins at the
 * next start, which is how an installer lowers the profile: A00.FR.005 puts lowering outside OCPP. Otherwise the
 * values set by the Central System through ChangeConfiguration are kept across restarts. Thread-safe.
 */
public final class SecuritySettings {
    /** The on-disk form: what the local configuration said, and what is in force. */
    record Saved(int configuredProfile, String configuredKey, int profile, String key) {
    }

    /** What the charge point has for the profile checks of §7.6 ("all the prerequisites for the new profile"). */
    public record Prerequisites(boolean centralSystemUrlIsWss, boolean centralSystemRootCertificateInstalled,
            boolean chargePointCertificateInstalled) {
    }

    /**
     * The outcome of a ChangeConfiguration.
     *
     * @param accepted Accepted, else Rejected
     * @param reason why it was rejected, for the log
     * @param reconnect after sending the ChangeConfiguration.conf, disconnect and connect again with the new
     *     credentials or profile (§7.6; AuthorizationKey change flow), keeping the message queue
     * @param event the security event to log (ReconfigurationOfSecurityParameters), if any
     */
    public record Change(boolean accepted, String reason, boolean reconnect, Optional<SecurityEvent> event) {
        static Change rejected(String reason) {
            return new Change(false, reason, false, Optional.empty());
        }

        static Change accepted(boolean reconnect) {
            return new Change(true, null, reconnect, Optional.of(SecurityEvent.ReconfigurationOfSecurityParameters));
        }
    }

    private final Path file;
    private final AuthorizationKey.Encoding encoding;
    private Saved state;

    private SecuritySettings(Path file, AuthorizationKey.Encoding encoding, Saved state) {
        this.file = file;
        this.encoding = encoding;
        this.state = state;
    }

    /**
     * Loads the settings.
     *
     * @param configuredProfile the profile in the charger's configuration
     * @param configuredKey the AuthorizationKey in the charger's configuration, or null
     * @throws IllegalArgumentException if the configured values are invalid
     */
    public static SecuritySettings open(Path file, AuthorizationKey.Encoding encoding, SecurityProfile configuredProfile,
            String configuredKey) throws IOException {
        Objects.requireNonNull(encoding, "encoding");
        if (configuredKey != null) {
            AuthorizationKey.of(configuredKey, encoding);
        }
        Optional<Saved> saved = AtomicFile.readJson(file, new TypeReference<Saved>() {
        });
        Saved state;
        if (saved.isPresent() && saved.get().configuredProfile() == configuredProfile.number()
                && Objects.equals(saved.get().configuredKey(), configuredKey)) {
            state = saved.get();
        } else {
            state = new Saved(configuredProfile.number(), configuredKey, configuredProfile.number(), configuredKey);
            AtomicFile.writeJson(file, state);
        }
        return new SecuritySettings(file, encoding, state);
    }

    public synchronized SecurityProfile profile() {
        return SecurityProfile.of(state.profile());
    }

    public synchronized boolean hasAuthorizationKey() {
        return state.key() != null;
    }

    /**
     * The Authorization header for the WebSocket upgrade, when the profile uses Basic authentication and a key is set.
     * Profile 0 sends it too when a key exists, for Central Systems that expect Basic without a configured profile.
     */
    public synchronized Optional<String> basicAuthorizationHeader(String chargePointId) {
        if (state.key() == null || profile().clientCertificate()) {
            return Optional.empty();
        }
        return Optional.of(AuthorizationKey.of(state.key(), encoding).basicAuthorizationHeader(chargePointId, encoding));
    }

    /**
     * ChangeConfiguration of AuthorizationKey (§7.2). Rejected for a key outside the whitepaper's length rules.
     * Accepted keys take effect on a new connection when the profile uses Basic authentication.
     */
    public synchronized Change changeAuthorizationKey(String value) {
        Optional<String> reason = AuthorizationKey.rejectionReason(value, encoding);
        if (reason.isPresent()) {
            return Change.rejected("AuthorizationKey " + reason.get());
        }
        Saved next = new Saved(state.configuredProfile(), state.configuredKey(), state.profile(), value);
        if (!save(next)) {
            return Change.rejected("could not save the settings");
        }
        return Change.accepted(!profile().clientCertificate());
    }

    /**
     * ChangeConfiguration of SecurityProfile (§7.6): an integer 0-3, never lower than the current profile, and only
     * when its prerequisites are met: a key for Basic authentication (1, 2), a wss:// URL and the Central System
     * root certificate for TLS (2, 3), a ws:// URL without TLS (1), and the Charge Point certificate for 3.
     */
    public synchronized Change changeSecurityProfile(String value, Prerequisites p) {
        int number;
        try {
            number = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return Change.rejected("SecurityProfile is not an integer");
        }
        if (number < 0 || number > 3) {
            return Change.rejected("SecurityProfile must be 0..3");
        }
        if (number < state.profile()) {
            return Change.rejected("SecurityProfile can only be raised (§7.6, A00.FR.005)");
        }
        if (number == state.profile()) {
            return new Change(true, null, false, Optional.empty());
        }
        SecurityProfile target = SecurityProfile.of(number);
        if (target.basicAuth() && state.key() == null) {
            return Change.rejected("no AuthorizationKey for Basic authentication");
        }
        if (target.tls() != p.centralSystemUrlIsWss()) {
            return Change.rejected("the Central System URL scheme does not match " + target.scheme());
        }
        if (target.tls() && !p.centralSystemRootCertificateInstalled()) {
            return Change.rejected("no Central System root certificate");
        }
        if (target.clientCertificate() && !p.chargePointCertificateInstalled()) {
            return Change.rejected("no Charge Point certificate");
        }
        if (!save(new Saved(state.configuredProfile(), state.configuredKey(), number, state.key()))) {
            return Change.rejected("could not save the settings");
        }
        return Change.accepted(true);
    }

    private boolean save(Saved next) {
        try {
            AtomicFile.writeJson(file, next);
        } catch (IOException e) {
            return false;
        }
        state = next;
        return true;
    }

    @Override
    public String toString() {
        return "SecuritySettings[profile=" + state.profile() + ", key=" + (state.key() == null ? "none" : "hidden") + "]";
    }
}
