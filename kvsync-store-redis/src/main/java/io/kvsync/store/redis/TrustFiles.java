package io.kvsync.store.redis;

import io.kvsync.api.KvSyncConfigurationException;
import io.kvsync.store.redis.internal.TlsTrust;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.UnrecoverableKeyException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Reads the trust settings of a {@link RedisKvStoreBuilder} into a {@link TlsTrust}, in the builder's voice. Stateless. */
final class TrustFiles {

    private TrustFiles() {
    }

    /**
     * Reads the given files now, so that a bad one fails {@code build()} rather than the first connection.
     *
     * @return the trust, or {@code null} when neither file is given (the JVM's default trust)
     * @throws KvSyncConfigurationException naming the setting and the path when a file cannot be used
     */
    static TlsTrust load(Path trustedCertificates, Path trustStore, char[] trustStorePassword) {
        if (trustedCertificates == null && trustStore == null) {
            return null;
        }
        List<X509Certificate> anchors = new ArrayList<>();
        if (trustedCertificates != null) {
            anchors.addAll(readPem(trustedCertificates));
        }
        if (trustStore != null) {
            anchors.addAll(readTrustStore(trustStore, trustStorePassword));
        }
        return TlsTrust.of(anchors);
    }

    private static List<X509Certificate> readPem(Path trustedCertificates) {
        String name = "trustedCertificates";
        String setting = RedisKvStoreProvider.TLS_TRUSTED_CERTIFICATES;
        String rule = "must name a file of PEM CA certificates";
        requireReadableFile(name, setting, rule, trustedCertificates);
        try {
            List<X509Certificate> certificates = TlsTrust.readCertificates(trustedCertificates);
            if (certificates.isEmpty()) {
                throw RedisKvStoreBuilder.invalid(name, setting, rule, trustedCertificates + ", which holds no certificate");
            }
            return certificates;
        } catch (CertificateException e) {
            throw RedisKvStoreBuilder.invalid(name, setting, rule, trustedCertificates + ", which holds no readable X.509 certificate ("
                    + e.getMessage() + ")");
        } catch (IOException e) {
            throw RedisKvStoreBuilder.invalid(name, setting, rule, trustedCertificates + ", which cannot be read (" + e + ")");
        }
    }

    private static List<X509Certificate> readTrustStore(Path trustStore, char[] trustStorePassword) {
        String name = "trustStore";
        String setting = RedisKvStoreProvider.TLS_TRUST_STORE;
        String rule = "must name a JKS or PKCS12 trust store";
        requireReadableFile(name, setting, rule, trustStore);
        try {
            List<X509Certificate> certificates = TlsTrust.readTrustStore(trustStore, trustStorePassword);
            if (certificates.isEmpty()) {
                throw RedisKvStoreBuilder.invalid(name, setting, rule, trustStore + ", which holds no trusted certificate entry");
            }
            return certificates;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new KvSyncConfigurationException("RedisKvStore trustStore (setting " + setting + ") " + trustStore
                        + " cannot be opened with the given password (setting "
                        + RedisKvStoreProvider.TLS_TRUST_STORE_PASSWORD + "): wrong password?");
            }
            throw RedisKvStoreBuilder.invalid(name, setting, rule, trustStore + ", which cannot be read as one (" + e.getMessage() + ")");
        } catch (GeneralSecurityException e) {
            throw RedisKvStoreBuilder.invalid(name, setting, rule, trustStore + ", which cannot be read as one (" + e.getMessage() + ")");
        }
    }

    private static void requireReadableFile(String name, String setting, String rule, Path file) {
        if (!Files.isRegularFile(file)) {
            throw RedisKvStoreBuilder.invalid(name, setting, rule, file + (Files.exists(file) ? ", which is not a file" : ", which does not exist"));
        }
        if (!Files.isReadable(file)) {
            throw RedisKvStoreBuilder.invalid(name, setting, rule, file + ", which cannot be read");
        }
    }
}
