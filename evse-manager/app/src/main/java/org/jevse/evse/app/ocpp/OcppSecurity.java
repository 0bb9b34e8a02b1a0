package org.jevse.evse.app.ocpp;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.jevse.config.OcppConfig;
import org.jevse.ocpp.security.AuthorizationKey;
import org.jevse.ocpp.security.SecurityProfile;
import org.jevse.ocpp.security.SecuritySettings;
import org.jevse.ocpp.security.TlsContexts;
import org.jevse.ocpp.security.ops.SecurityServices;

/** The charger's security settings and Security Whitepaper services, opened from the {@code ocpp:} configuration. */
final class OcppSecurity {
    private OcppSecurity() {
    }

    /** The security profile and AuthorizationKey, seeded from the configuration and kept in data_dir/security.json. */
    static SecuritySettings settings(OcppConfig ocpp, Path dataDir) {
        try {
            return SecuritySettings.open(dataDir.resolve("security.json"), ocpp.authorizationKeyRaw()
                    ? AuthorizationKey.Encoding.RAW : AuthorizationKey.Encoding.HEX_DECODED,
                    SecurityProfile.of(ocpp.securityProfile()),
                    ocpp.authorizationKey().isEmpty() ? null : ocpp.authorizationKey());
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new IllegalStateException("ocpp security settings: " + e.getMessage(), e);
        }
    }

    /**
     * Certificate management, security events, signed firmware and log upload: the configured CA and client
     * certificate seed the certificate store in data_dir/security; the CSMS manages them from then on.
     */
    static SecurityServices services(OcppConfig ocpp, Path dataDir, LongSupplier wallMs) {
        Path ca = ocpp.caFile().isEmpty() ? null : Path.of(ocpp.caFile());
        Optional<TlsContexts.PemIdentity> identity = ocpp.clientCertificateFile().isEmpty() ? Optional.empty()
                : Optional.of(new TlsContexts.PemIdentity(Path.of(ocpp.clientCertificateFile()),
                        Path.of(ocpp.clientKeyFile())));
        try {
            return SecurityServices.open(dataDir.resolve("security"), ca, identity.orElse(null), wallMs);
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("ocpp certificates: " + e.getMessage(), e);
        }
    }
}
