package org.jevse.ocpp.security.ops;

import org.jevse.ocpp.session.Operation;
import org.jevse.ocpp.v16.InstallCertificateRequest;
import org.jevse.ocpp.v16.InstallCertificateResponse;

/** InstallCertificate (Security Whitepaper ed. 2 §5.8, M05): a Central System or manufacturer root certificate. */
final class InstallCertificate implements Operation<InstallCertificateRequest, InstallCertificateResponse> {
    private final CertificateManagement certificates;

    InstallCertificate(CertificateManagement certificates) {
        this.certificates = certificates;
    }

    @Override
    public String action() {
        return "InstallCertificate";
    }

    @Override
    public Class<InstallCertificateRequest> requestType() {
        return InstallCertificateRequest.class;
    }

    @Override
    public InstallCertificateResponse handle(InstallCertificateRequest q) {
        return new InstallCertificateResponse(certificates.install(q.certificateType(), q.certificate()));
    }
}
