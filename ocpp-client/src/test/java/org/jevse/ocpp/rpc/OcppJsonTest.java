package org.jevse.ocpp.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jevse.ocpp.v16.ChangeConfigurationRequest;
import org.jevse.ocpp.v16.GetConfigurationRequest;
import org.jevse.ocpp.v16.RemoteStartTransactionRequest;
import org.jevse.ocpp.v16.ResetRequest;
import org.jevse.ocpp.v16.ResetType;
import org.junit.jupiter.api.Test;

/** Strict typed parsing: each kind of defect gets its own CALLERROR code. */
class OcppJsonTest {

    private static RpcErrorCode code(String json, Class<?> type) throws Exception {
        return assertThrows(RpcException.class, () -> OcppJson.parse(OcppJson.readTree(json), type)).code();
    }

    @Test
    void aValidPayloadParses() throws Exception {
        ResetRequest r = OcppJson.parse(OcppJson.readTree("{\"type\":\"Soft\"}"), ResetRequest.class);
        assertEquals(ResetType.Soft, r.type_());
    }

    @Test
    void eachDefectMapsToItsCode() throws Exception {
        assertEquals(RpcErrorCode.OccurenceConstraintViolation, code("{}", ResetRequest.class));
        assertEquals(RpcErrorCode.FormationViolation, code("{\"type\":\"Soft\",\"x\":1}", ResetRequest.class));
        assertEquals(RpcErrorCode.PropertyConstraintViolation, code("{\"type\":\"Medium\"}", ResetRequest.class));
        assertEquals(RpcErrorCode.TypeConstraintViolation, code("{\"type\":1}", ResetRequest.class));
        assertEquals(RpcErrorCode.TypeConstraintViolation, code("{\"type\":null}", ResetRequest.class));
        assertEquals(RpcErrorCode.TypeConstraintViolation, code("{\"key\":5,\"value\":\"1\"}",
                ChangeConfigurationRequest.class));
        assertEquals(RpcErrorCode.TypeConstraintViolation, code("{\"key\":\"a\",\"value\":true}",
                ChangeConfigurationRequest.class));
        assertEquals(RpcErrorCode.PropertyConstraintViolation, code("{\"key\":\"" + "k".repeat(51)
                + "\",\"value\":\"1\"}", ChangeConfigurationRequest.class));
        assertEquals(RpcErrorCode.TypeConstraintViolation, code("{\"key\":\"abc\"}", GetConfigurationRequest.class));
        assertEquals(RpcErrorCode.TypeConstraintViolation, code("{\"idTag\":\"A\",\"connectorId\":1.5}",
                RemoteStartTransactionRequest.class));
        assertEquals(RpcErrorCode.TypeConstraintViolation, code("{\"idTag\":\"A\",\"connectorId\":\"1\"}",
                RemoteStartTransactionRequest.class));
        assertEquals(RpcErrorCode.FormationViolation, code("[]", ResetRequest.class));
    }

    @Test
    void correctedSpellingsFromPeersAreUnderstood() {
        assertEquals(RpcErrorCode.FormationViolation, RpcErrorCode.fromWire("FormatViolation"));
        assertEquals(RpcErrorCode.OccurenceConstraintViolation, RpcErrorCode.fromWire("OccurrenceConstraintViolation"));
        assertEquals("FormationViolation", RpcErrorCode.FormationViolation.wire());
        assertEquals("OccurenceConstraintViolation", RpcErrorCode.OccurenceConstraintViolation.wire());
        assertEquals(RpcErrorCode.GenericError, RpcErrorCode.fromWire("Whatever"));
    }

    @Test
    void framesDecode() throws Exception {
        Frame f = Frame.decode("[2,\"1\",\"Reset\",{\"type\":\"Hard\"}]");
        assertEquals("Reset", ((Frame.Call) f).action());
        Frame.Malformed m = assertThrows(Frame.Malformed.class, () -> Frame.decode("[2,\"1\",\"Reset\"]"));
        assertEquals("1", m.id());
        assertEquals(RpcErrorCode.FormationViolation, m.code());
        assertEquals(null, assertThrows(Frame.Malformed.class, () -> Frame.decode("{")).id());
        Frame.CallError e = (Frame.CallError) Frame.decode("[4,\"9\",\"FormatViolation\",\"x\",{}]");
        assertEquals(RpcErrorCode.FormationViolation, e.code());
    }
}
