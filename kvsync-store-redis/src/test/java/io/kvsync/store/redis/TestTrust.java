package io.kvsync.store.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;

/**
 * Trust files for the TLS setting tests: a CA certificate (public part only) made once with openssl and kept
 * as a test resource, and trust stores made from it with the JDK's {@link KeyStore}.
 */
final class TestTrust {

    private TestTrust() {
    }

    /** {@code tls/test-ca.pem}: one PEM CA certificate, valid for a century. */
    static Path caPem() {
        try {
            return Path.of(TestTrust.class.getResource("/tls/test-ca.pem").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PKCS12 trust store in {@code directory} holding {@link #caPem()}, protected by {@code password}. */
    static Path pkcs12TrustStore(Path directory, String password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(caPem())) {
            store.setCertificateEntry("test-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        Path file = directory.resolve("truststore.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
        return file;
    }
}
