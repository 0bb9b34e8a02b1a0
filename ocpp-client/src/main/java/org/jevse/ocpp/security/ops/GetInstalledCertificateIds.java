package org.jevse.ocpp.security.ops;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.jevse.ocpp.session.Operation;
import org.jevse.ocpp.rpc.RpcErrorCode;
import org.jevse.ocpp.rpc.RpcException;
import org.jevse.ocpp.security.CertificateChecks;
import org.jevse.ocpp.security.CertificateHashes;
import org.jevse.ocpp.v16.GetInstalledCertificateIdsCertificateHashData;
import org.jevse.ocpp.v16.GetInstalledCertificateIdsRequest;
import org.jevse.ocpp.v16.GetInstalledCertificateIdsResponse;
import org.jevse.ocpp.v16.GetInstalledCertificateStatus;
import org.jevse.ocpp.v16.HashAlgorithm;

/**
 * GetInstalledCertificateIds (Security Whitepaper ed. 2 §5.7, M03): the hash data of every installed root of the
 * type, in SHA-256 (the algorithm a DeleteCertificate of them must use, M04.FR.07); NotFound when there is none.
 */
final class GetInstalledCertificateIds
        implements Operation<GetInstalledCertificateIdsRequest, GetInstalledCertificateIdsResponse> {
    private final CertificateManagement certificates;

    GetInstalledCertificateIds(CertificateManagement certificates) {
        this.certificates = certificates;
    }

    @Override
    public String action() {
        return "GetInstalledCertificateIds";
    }

    @Override
    public Class<GetInstalledCertificateIdsRequest> requestType() {
        return GetInstalledCertificateIdsRequest.class;
    }

    @Override
    public GetInstalledCertificateIdsResponse handle(GetInstalledCertificateIdsRequest q) throws RpcException {
        List<X509Certificate> installed;
        try {
            installed = certificates.store().installed(q.certificateType());
        } catch (IOException e) {
            throw new RpcException(RpcErrorCode.InternalError, "the certificate store cannot be read");
        }
        if (installed.isEmpty()) {
            return new GetInstalledCertificateIdsResponse(null, GetInstalledCertificateStatus.NotFound);
        }
        List<GetInstalledCertificateIdsCertificateHashData> ids = new ArrayList<>();
        for (X509Certificate c : installed) {
            ids.add(CertificateHashes.of(c, CertificateChecks.issuerKey(c, installed), HashAlgorithm.SHA256)
                    .toInstalled());
        }
        return new GetInstalledCertificateIdsResponse(ids, GetInstalledCertificateStatus.Accepted);
    }
}
