package io.kvsync.store.redis.internal;

import io.kvsync.store.redis.RedisKvStoreProvider;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The TLS settings given to the builder, with the trust files already read.
 *
 * @param trustedCertificates the PEM file of trusted CAs, or {@code null}
 * @param trustStore          the trust store, or {@code null}
 * @param trust               what those files hold, or {@code null} when neither is given (the JVM's trust)
 * @param verifyHostname      whether the server's certificate must name the host connected to
 */
public record TlsSettings(Path trustedCertificates, Path trustStore, TlsTrust trust, boolean verifyHostname) {

    /** Whether any TLS setting differs from its default. */
    public boolean given() {
        return trust != null || !verifyHostname;
    }

    /** The settings given, by setting name, for exception messages; never a password. */
    public String bySettingName() {
        List<String> given = new ArrayList<>();
        if (trustedCertificates != null) {
            given.add(RedisKvStoreProvider.TLS_TRUSTED_CERTIFICATES + "=" + trustedCertificates);
        }
        if (trustStore != null) {
            given.add(RedisKvStoreProvider.TLS_TRUST_STORE + "=" + trustStore);
        }
        if (!verifyHostname) {
            given.add(RedisKvStoreProvider.TLS_VERIFY_HOSTNAME + "=false");
        }
        return String.join(", ", given);
    }

    /** The settings given, each as {@code ", name=value"} by builder method, for the store's {@code toString}. */
    public String asOptions() {
        return (trustedCertificates == null ? "" : ", trustedCertificates=" + trustedCertificates)
                + (trustStore == null ? "" : ", trustStore=" + trustStore)
                + (verifyHostname ? "" : ", verifyHostname=false");
    }
}
