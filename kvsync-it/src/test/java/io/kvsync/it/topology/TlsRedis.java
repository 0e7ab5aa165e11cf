package io.kvsync.it.topology;

import io.kvsync.it.support.RedisProcess;
import io.kvsync.tck.services.TestServices;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A {@code redis-server} that clients reach by TLS on {@link #tlsPort()}, with a certificate issued by a
 * throwaway CA that {@code openssl} creates in a temporary directory: for {@code 127.0.0.1} and
 * {@code localhost}, or for another host name only ({@link #startWithCertificateFor(String)}). The server's
 * plain {@link RedisProcess#port()} stays open only for the test's own checks and readiness probe; the
 * stores under test are given the TLS port.
 *
 * <p>Nothing here touches the JVM's trust: tests hand the CA to the store under test, as
 * {@link #caCertificate()} (PEM) or {@link #trustStore()} (PKCS12, made by {@code keytool}), so a store
 * without either must refuse the server.
 *
 * <p>Skips the calling test, or fails it under {@code -Dkvsync.test.require-services=true}, when
 * {@code openssl} or {@code redis-server} is missing. Not thread-safe.
 */
final class TlsRedis implements AutoCloseable {

    /** The password of {@link #trustStore()}. */
    static final String TRUST_STORE_PASSWORD = "kvsync-test-trust";

    private final Path directory;
    private final Path caCertificate;
    private final Path trustStore;
    private final int tlsPort;
    private final RedisProcess process;

    private TlsRedis(Path directory, Path caCertificate, Path trustStore, int tlsPort, RedisProcess process) {
        this.directory = directory;
        this.caCertificate = caCertificate;
        this.trustStore = trustStore;
        this.tlsPort = tlsPort;
        this.process = process;
    }

    /** Creates the CA and a server certificate for {@code 127.0.0.1} and {@code localhost}, and starts the server. */
    static TlsRedis start() {
        return start("/CN=127.0.0.1", "subjectAltName=IP:127.0.0.1,DNS:localhost");
    }

    /** As {@link #start()}, but the server's certificate names only {@code hostName}, not the address it is reached by. */
    static TlsRedis startWithCertificateFor(String hostName) {
        return start("/CN=" + hostName, "subjectAltName=DNS:" + hostName);
    }

    private static TlsRedis start(String subject, String subjectAltName) {
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
                    "-subj", subject, "-CA", caCert.toString(), "-CAkey", caKey.toString(),
                    "-keyout", serverKey.toString(), "-out", serverCert.toString(),
                    "-addext", subjectAltName, "-addext", "basicConstraints=critical,CA:FALSE");
            Path trustStore = directory.resolve("truststore.p12");
            // What a user does with a private CA: import its PEM certificate into a PKCS12 trust store.
            run(directory, keytool(), "-importcert", "-noprompt", "-alias", "kvsync-test-ca", "-file", caCert.toString(),
                    "-keystore", trustStore.toString(), "-storetype", "PKCS12", "-storepass", TRUST_STORE_PASSWORD);
            int tlsPort = RedisProcess.freePort();
            RedisProcess process = RedisProcess.launch(null, List.of("--tls-port", Integer.toString(tlsPort),
                    "--tls-cert-file", serverCert.toString(), "--tls-key-file", serverKey.toString(),
                    "--tls-ca-cert-file", caCert.toString(), "--tls-auth-clients", "no"));
            return new TlsRedis(directory, caCert, trustStore, tlsPort, process);
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

    /** The CA that issued the server's certificate, as one PEM certificate. */
    Path caCertificate() {
        return caCertificate;
    }

    /** A PKCS12 trust store holding only {@link #caCertificate()}, protected by {@link #TRUST_STORE_PASSWORD}. */
    Path trustStore() {
        return trustStore;
    }

    /** The server process; its plain {@link RedisProcess#port()} is for the test's own checks. */
    RedisProcess process() {
        return process;
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

    private static String keytool() {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        return Files.isExecutable(keytool) ? keytool.toString()
                : TestServices.require(onPath("keytool"), "keytool (from the JDK), for a PKCS12 trust store");
    }

    private static void run(Path directory, String... command) {
        Path log = directory.resolve("commands.log");
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
            throw new IllegalStateException("interrupted while running " + command[0], e);
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
