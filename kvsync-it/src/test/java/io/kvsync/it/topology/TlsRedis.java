package io.kvsync.it.topology;

import io.kvsync.it.support.RedisProcess;
import io.kvsync.tck.services.TestServices;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * A {@code redis-server} that clients reach by TLS on {@link #tlsPort()}, with a certificate (for
 * {@code 127.0.0.1} and {@code localhost}) issued by a throwaway CA that {@code openssl} creates in a
 * temporary directory. The server's plain {@link RedisProcess#port()} stays open only for the test's own
 * checks and readiness probe; the stores under test are given the TLS port.
 *
 * <p>The store has no trust setting of its own: both Lettuce and Jedis verify the server with the JVM's
 * default trust, which reads {@code javax.net.ssl.trustStore} whenever a client builds its SSL context.
 * {@link #trustItsCa()} points those system properties at a trust store holding the JVM's default trust
 * anchors plus the test CA, and its {@code close()} restores them; since the store is a superset of the
 * defaults, nothing that happens to cache an SSL context meanwhile trusts less than before. Tests in one
 * JVM run one at a time here (no parallel execution is configured), so no other test sees the change.
 *
 * <p>Skips the calling test, or fails it under {@code -Dkvsync.test.require-services=true}, when
 * {@code openssl} or {@code redis-server} is missing. Not thread-safe.
 */
final class TlsRedis implements AutoCloseable {

    private static final String TRUST_STORE = "javax.net.ssl.trustStore";
    private static final String TRUST_STORE_PASSWORD = "javax.net.ssl.trustStorePassword";
    private static final String TRUST_STORE_TYPE = "javax.net.ssl.trustStoreType";

    private final Path directory;
    private final Path trustStore;
    private final String trustStorePassword;
    private final int tlsPort;
    private final RedisProcess process;

    private TlsRedis(Path directory, Path trustStore, String trustStorePassword, int tlsPort, RedisProcess process) {
        this.directory = directory;
        this.trustStore = trustStore;
        this.trustStorePassword = trustStorePassword;
        this.tlsPort = tlsPort;
        this.process = process;
    }

    /** Creates the CA and the server certificate, and starts the server. */
    static TlsRedis start() {
        String openssl = TestServices.require(onPath("openssl"), "openssl on the PATH, for a TLS certificate of the test's own");
        Path directory = createTempDirectory();
        try {
            Path caKey = directory.resolve("ca.key");
            Path caCert = directory.resolve("ca.crt");
            Path serverKey = directory.resolve("server.key");
            Path serverCert = directory.resolve("server.crt");
            run(directory, openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=kvsync throwaway test CA", "-keyout", caKey.toString(), "-out", caCert.toString(),
                    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
            run(directory, openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-CA", caCert.toString(), "-CAkey", caKey.toString(),
                    "-keyout", serverKey.toString(), "-out", serverCert.toString(),
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                    "-addext", "basicConstraints=critical,CA:FALSE");
            String password = UUID.randomUUID().toString();
            Path trustStore = writeTrustStore(caCert, directory.resolve("truststore.p12"), password);
            int tlsPort = RedisProcess.freePort();
            RedisProcess process = RedisProcess.launch(null, List.of("--tls-port", Integer.toString(tlsPort),
                    "--tls-cert-file", serverCert.toString(), "--tls-key-file", serverKey.toString(),
                    "--tls-ca-cert-file", caCert.toString(), "--tls-auth-clients", "no"));
            return new TlsRedis(directory, trustStore, password, tlsPort, process);
        } catch (RuntimeException | Error e) {
            deleteDirectory(directory);
            throw e;
        }
    }

    /** The port that speaks only TLS. */
    int tlsPort() {
        return tlsPort;
    }

    /** The URI the stores under test are given: {@code rediss://127.0.0.1:<tls port>}. */
    String uri() {
        return "rediss://127.0.0.1:" + tlsPort;
    }

    /** The server process; its plain {@link RedisProcess#port()} is for the test's own checks. */
    RedisProcess process() {
        return process;
    }

    /**
     * Makes the JVM's default trust include the test CA until the returned scope is closed, which restores
     * the previous {@code javax.net.ssl.trustStore*} system properties.
     */
    Trust trustItsCa() {
        return new Trust(Map.of(TRUST_STORE, trustStore.toString(), TRUST_STORE_PASSWORD, trustStorePassword,
                TRUST_STORE_TYPE, "PKCS12"));
    }

    /** Kills the server and deletes the certificates. */
    @Override
    public void close() {
        try {
            process.close();
        } finally {
            deleteDirectory(directory);
        }
    }

    /** The trust system properties set by {@link #trustItsCa()}; {@link #close()} puts back what was there. */
    static final class Trust implements AutoCloseable {

        private final Map<String, String> previous = new LinkedHashMap<>();

        private Trust(Map<String, String> settings) {
            settings.forEach((name, value) -> previous.put(name, System.setProperty(name, value)));
        }

        @Override
        public void close() {
            previous.forEach((name, value) -> {
                if (value == null) {
                    System.clearProperty(name);
                } else {
                    System.setProperty(name, value);
                }
            });
        }
    }

    /** A PKCS12 trust store with the JVM's current default trust anchors and the test CA. */
    private static Path writeTrustStore(Path caCert, Path file, String password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            defaults.init((KeyStore) null);
            int index = 0;
            for (TrustManager manager : defaults.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    for (X509Certificate anchor : x509.getAcceptedIssuers()) {
                        store.setCertificateEntry("jvm-default-" + index++, anchor);
                    }
                }
            }
            try (InputStream in = Files.newInputStream(caCert)) {
                store.setCertificateEntry("kvsync-test-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, password.toCharArray());
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot write the test trust store: " + e, e);
        }
    }

    private static void run(Path directory, String... command) {
        Path log = directory.resolve("openssl.log");
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(List.of(command) + " did not finish within 30 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(List.of(command) + " exited with " + process.exitValue() + ":\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running openssl", e);
        }
    }

    static Optional<String> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator)).map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable).map(Path::toString).findFirst();
    }

    private static Path createTempDirectory() {
        try {
            return Files.createTempDirectory("kvsync-it-tls");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteDirectory(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // A leftover temp directory is harmless; the test's outcome must not depend on it.
        }
    }
}
