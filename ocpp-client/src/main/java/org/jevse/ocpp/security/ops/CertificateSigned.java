package org.jevse.ocpp.security.ops;

import org.jevse.ocpp.session.Operation;
import org.jevse.ocpp.v16.CertificateSignedRequest;
import org.jevse.ocpp.v16.CertificateSignedResponse;
import org.jevse.ocpp.v16.CertificateSignedStatus;

/**
 * CertificateSigned (Security Whitepaper ed. 2 §5.2, A02.FR.06-08): the chain for the key of the last
 * SignCertificate.req is checked and stored, or Rejected with an InvalidChargePointCertificate security event.
 */
final class CertificateSigned implements Operation<CertificateSignedRequest, CertificateSignedResponse> {
    private final CertificateManagement certificates;

    CertificateSigned(CertificateManagement certificates) {
        this.certificates = certificates;
    }

    @Override
    public String action() {
        return "CertificateSigned";
    }

    @Override
    public Class<CertificateSignedRequest> requestType() {
        return CertificateSignedRequest.class;
    }

    @Override
    public CertificateSignedResponse handle(CertificateSignedRequest q) {
        return new CertificateSignedResponse(certificates.certificateSigned(q.certificateChain()));
    }

    @Override
    public void afterAnswer(CertificateSignedRequest q, CertificateSignedResponse r) {
        if (r.status() == CertificateSignedStatus.Accepted) {
            certificates.afterCertificateSigned();
        }
    }
}
