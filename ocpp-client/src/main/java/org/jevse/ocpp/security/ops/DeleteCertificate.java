package org.jevse.ocpp.security.ops;

import java.io.IOException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.jevse.ocpp.session.Operation;
import org.jevse.ocpp.security.CertificateChecks;
import org.jevse.ocpp.security.CertificateHashes;
import org.jevse.ocpp.v16.CertificateUse;
import org.jevse.ocpp.v16.DeleteCertificateCertificateHashData;
import org.jevse.ocpp.v16.DeleteCertificateRequest;
import org.jevse.ocpp.v16.DeleteCertificateResponse;
import org.jevse.ocpp.v16.DeleteCertificateStatus;

/**
 * DeleteCertificate (Security Whitepaper ed. 2 §5.3, M04): a root certificate found by its hash data is deleted
 * (Accepted), NotFound otherwise. The Charge Point certificate is never a match (M04.FR.05: only roots are
 * searched). The last Central System root is not deleted while the connection depends on it (M04.FR.06): Failed.
 */
final class DeleteCertificate implements Operation<DeleteCertificateRequest, DeleteCertificateResponse> {
    private final CertificateManagement certificates;

    DeleteCertificate(CertificateManagement certificates) {
        this.certificates = certificates;
    }

    @Override
    public String action() {
        return "DeleteCertificate";
    }

    @Override
    public Class<DeleteCertificateRequest> requestType() {
        return DeleteCertificateRequest.class;
    }

    @Override
    public DeleteCertificateResponse handle(DeleteCertificateRequest q) {
        DeleteCertificateCertificateHashData h = q.certificateHashData();
        try {
            for (CertificateUse use : CertificateUse.values()) {
                List<X509Certificate> installed = certificates.store().installed(use);
                for (X509Certificate c : installed) {
                    CertificateHashes mine = CertificateHashes.of(c, CertificateChecks.issuerKey(c, installed),
                            h.hashAlgorithm());
                    if (!mine.matches(h.hashAlgorithm(), h.issuerNameHash(), h.issuerKeyHash(), h.serialNumber())) {
                        continue;
                    }
                    if (use == CertificateUse.CentralSystemRootCertificate && installed.size() == 1
                            && certificates.tlsInUse()) {
                        return new DeleteCertificateResponse(DeleteCertificateStatus.Failed);
                    }
                    certificates.store().remove(use, c);
                    return new DeleteCertificateResponse(DeleteCertificateStatus.Accepted);
                }
            }
        } catch (IOException | CertificateException e) {
            return new DeleteCertificateResponse(DeleteCertificateStatus.Failed); // M04.FR.03
        }
        return new DeleteCertificateResponse(DeleteCertificateStatus.NotFound);
    }
}
