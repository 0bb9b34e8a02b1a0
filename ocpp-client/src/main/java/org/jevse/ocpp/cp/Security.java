package org.jevse.ocpp.cp;

import java.util.List;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.net.ssl.SSLSocketFactory;
import org.jevse.ocpp.config.Configuration;
import org.jevse.ocpp.config.ConfigKey;
import org.jevse.ocpp.security.SecurityEvents;
import org.jevse.ocpp.security.SecurityProfile;
import org.jevse.ocpp.security.SecuritySettings;
import org.jevse.ocpp.security.TlsContexts;
import org.jevse.ocpp.transport.WebSocketTransport;

/**
 * Security profiles 1-3 (OCPP 1.6 Security Whitepaper) on the client: the connection settings come from the
 * security settings at every connection attempt (Basic header for profiles 1-2, a TLS context trusting only the
 * configured CA for 2-3, with the charge point certificate for 3), and the SecurityProfile and AuthorizationKey
 * keys are answered by the security settings, which reconnect the client when a change takes effect.
 */
public final class Security {
    private static final Logger LOG = Logger.getLogger(Security.class.getName());
    public static final String SECURITY_PROFILE = "SecurityProfile";
    public static final String AUTHORIZATION_KEY = "AuthorizationKey";

    /**
     * The keys of the security profiles (Security Whitepaper ed. 2 §3, §7.2): the profile may only be raised; the
     * AuthorizationKey is write-only, 8 to 40 characters. Both are answered by the security settings once
     * {@link #install}ed, and take effect on the next connection.
     */
    public static List<ConfigKey> keys() {
        return List.of(ConfigKey.integer(SECURITY_PROFILE, false, 0, 0, 3)
                        .withRule((old, neu) -> Long.parseLong(neu) >= Long.parseLong(old)),
                new ConfigKey(AUTHORIZATION_KEY, ConfigKey.Type.STRING, false, "", java.util.Set.of(), null, 0, 0, 0,
                        true, false, (old, neu) -> neu.length() >= 8 && neu.length() <= 40));
    }

    private Security() {
    }

    /**
     * The transport settings for the current profile. A profile that needs TLS without a CA file gets no socket
     * factory, and the transport then refuses to connect: the server is never trusted blindly.
     */
    public static Supplier<WebSocketTransport.Settings> settings(SecuritySettings sec, Supplier<String> uri,
                                                                 String chargePointId, Path caFile,
                                                                 Optional<TlsContexts.PemIdentity> identity) {
        return settings(sec, uri, chargePointId, () -> caFile, () -> identity);
    }

    /**
     * As above, with the CA file and the Charge Point certificate read at every attempt (certificate management:
     * {@link org.jevse.ocpp.security.CertificateTransport}); the certificate is read only when the profile presents
     * one.
     */
    public static Supplier<WebSocketTransport.Settings> settings(SecuritySettings sec, Supplier<String> uri,
            String chargePointId, Supplier<Path> caFiles, Supplier<Optional<TlsContexts.PemIdentity>> identities) {
        return () -> {
            Path caFile = caFiles.get();
            SecurityProfile p = sec.profile();
            SSLSocketFactory tls = null;
            if (p.tls() && caFile != null) {
                try {
                    tls = TlsContexts.create(caFile, p.clientCertificate() ? identities.get() : Optional.empty())
                            .getSocketFactory();
                } catch (GeneralSecurityException e) {
                    LOG.severe("TLS context for security profile " + p.number() + " failed: " + e);
                }
            }
            return new WebSocketTransport.Settings(uri.get(), chargePointId,
                    sec.basicAuthorizationHeader(chargePointId).orElse(null), tls, 10);
        };
    }

    /**
     * Routes SecurityProfile and AuthorizationKey to {@code sec}, reporting ReconfigurationOfSecurityParameters to
     * {@code events} (the security log and queue).
     */
    public static void install(ChargePoint cp, SecuritySettings sec, Supplier<SecuritySettings.Prerequisites> prereq,
                               SecurityEvents events) {
        Configuration keys = cp.config();
        keys.delegate(SECURITY_PROFILE,
                raw -> apply(cp, events, sec.changeSecurityProfile(raw, prereq.get())),
                () -> Integer.toString(sec.profile().number()));
        keys.delegate(AUTHORIZATION_KEY, raw -> apply(cp, events, sec.changeAuthorizationKey(raw)),
                () -> "");
    }

    private static Configuration.Change apply(ChargePoint cp, SecurityEvents events, SecuritySettings.Change c) {
        c.event().ifPresent(e -> events.raise(e, c.reason()));
        if (!c.accepted()) {
            LOG.info("security change rejected: " + c.reason());
            return Configuration.Change.Rejected;
        }
        if (c.reconnect()) {
            cp.reconnect(); // runs after the answer has gone out
        }
        return Configuration.Change.Accepted;
    }
}
