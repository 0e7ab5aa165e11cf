package io.kvsync.store.redis.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificate authorities a store trusts for its TLS connections, in place of the JVM's default trust,
 * read once when the store is built so that a bad file fails {@code build()} rather than the first
 * connection. Only JDK APIs: certificates are parsed by {@link CertificateFactory}, trust stores opened by
 * {@link KeyStore}. Immutable and thread-safe.
 */
public final class TlsTrust {

    private final List<X509Certificate> anchors;
    private final TrustManagerFactory trustManagerFactory;
    private final byte[] pkcs12;
    private final char[] pkcs12Password;

    private TlsTrust(List<X509Certificate> anchors) throws GeneralSecurityException, IOException {
        this.anchors = List.copyOf(anchors);
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int index = 0;
        for (X509Certificate anchor : anchors) {
            store.setCertificateEntry("kvsync-trusted-" + index++, anchor);
        }
        this.trustManagerFactory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagerFactory.init(store);
        // Only guards the in-memory copy handed to Jedis; it never leaves the process.
        this.pkcs12Password = UUID.randomUUID().toString().toCharArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.store(out, pkcs12Password);
        this.pkcs12 = out.toByteArray();
    }

    /**
     * Trusts exactly {@code anchors}.
     *
     * @throws IllegalArgumentException when {@code anchors} is empty
     */
    public static TlsTrust of(List<X509Certificate> anchors) {
        if (anchors.isEmpty()) {
            throw new IllegalArgumentException("no certificate to trust");
        }
        try {
            return new TlsTrust(anchors);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot hold the trusted certificates in a PKCS12 key store: " + e, e);
        }
    }

    /**
     * The X.509 certificates in a PEM file (several may follow one another) or a DER file.
     *
     * @throws IOException          when the file cannot be read
     * @throws CertificateException when it holds something other than certificates
     * @return the certificates; empty when the file holds none
     */
    public static List<X509Certificate> readCertificates(Path file) throws IOException, CertificateException {
        byte[] content = Files.readAllBytes(file);
        List<X509Certificate> certificates = new ArrayList<>();
        try (InputStream in = new ByteArrayInputStream(content)) {
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                if (certificate instanceof X509Certificate x509) {
                    certificates.add(x509);
                }
            }
        }
        return certificates;
    }

    /**
     * The trusted-certificate entries of a JKS or PKCS12 trust store (the type is detected).
     *
     * @param password the store's password; {@code null} skips the integrity check
     * @throws IOException              when the file cannot be read, is no key store, or the password is
     *                                  wrong (then with an {@link java.security.UnrecoverableKeyException} cause)
     * @throws GeneralSecurityException when the store's type is unknown or an entry cannot be read
     * @return the certificates; empty when the store has no trusted-certificate entry
     */
    public static List<X509Certificate> readTrustStore(Path file, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(file.toFile(), password);
        List<X509Certificate> certificates = new ArrayList<>();
        for (String alias : Collections.list(store.aliases())) {
            if (store.isCertificateEntry(alias) && store.getCertificate(alias) instanceof X509Certificate x509) {
                certificates.add(x509);
            }
        }
        return certificates;
    }

    /** The trusted certificates. */
    public List<X509Certificate> anchors() {
        return anchors;
    }

    /** A factory whose trust managers accept servers whose chains end at one of {@link #anchors()}; for Lettuce. */
    public TrustManagerFactory trustManagerFactory() {
        return trustManagerFactory;
    }

    /**
     * {@link #anchors()} as a PKCS12 trust store in memory, protected by {@link #pkcs12Password()}: Jedis
     * takes trust only as a key store it opens itself.
     */
    public InputStream pkcs12() {
        return new ByteArrayInputStream(pkcs12);
    }

    /** The password of {@link #pkcs12()}; a copy. */
    public char[] pkcs12Password() {
        return pkcs12Password.clone();
    }

    /** The subjects of the trusted certificates; no secrets. */
    @Override
    public String toString() {
        List<String> subjects = new ArrayList<>();
        anchors.forEach(anchor -> subjects.add(anchor.getSubjectX500Principal().getName()));
        return "TlsTrust" + subjects;
    }
}
