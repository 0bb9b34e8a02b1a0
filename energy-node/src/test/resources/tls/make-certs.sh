#!/bin/sh
# Regenerates the test certificates of MqttTlsTest (energy-node) in this directory:
#   ca.pem / ca.key              test CA (EC P-256)
#   server.pem / server.key      broker certificate signed by ca.pem, SAN IP:127.0.0.1 and DNS:localhost (EC P-256)
#   client.pem / client.key      client certificate signed by ca.pem, CN jevse-test-client (RSA 2048)
#   other-ca.pem / other-ca.key  an unrelated CA that signed nothing here (a client trusting it must not connect)
# All keys are unencrypted PKCS#8 (BEGIN PRIVATE KEY); everything is valid for 100 years. Run it once from
# anywhere (`sh make-certs.sh`) and commit the result; the tests never run it. Test material only: never use these
# keys for anything else.
set -eu
cd "$(dirname "$0")"
DAYS=36500
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ca() { # name CN
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key"
    openssl req -x509 -new -key "$1.key" -sha256 -days $DAYS -subj "/CN=$2" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out "$1.pem"
}

leaf() { # name CN extensions key-algorithm-options...
    name=$1 cn=$2 ext=$3
    shift 3
    openssl genpkey "$@" -out "$name.key"
    openssl req -new -key "$name.key" -subj "/CN=$cn" -out "$tmp/$name.csr"
    printf '%s\n' "$ext" > "$tmp/$name.ext"
    openssl x509 -req -in "$tmp/$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -CAserial "$tmp/ca.srl" \
        -sha256 -days $DAYS -extfile "$tmp/$name.ext" -out "$name.pem"
}

ca ca "jevse test CA"
ca other-ca "jevse unrelated test CA"
leaf server localhost "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,DNS:localhost" -algorithm EC -pkeyopt ec_paramgen_curve:P-256
leaf client jevse-test-client "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth" -algorithm RSA -pkeyopt rsa_keygen_bits:2048
# mosquitto may drop to its own user before reading them: world-readable (test keys only).
chmod 644 ./*.pem ./*.key
