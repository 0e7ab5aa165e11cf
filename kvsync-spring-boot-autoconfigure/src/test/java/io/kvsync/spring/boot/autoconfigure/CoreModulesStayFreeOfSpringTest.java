package io.kvsync.spring.boot.autoconfigure;

import io.kvsync.api.Syncable;
import io.kvsync.engine.KvSync;
import io.kvsync.hibernate.KvSyncHibernate;
import io.kvsync.store.memory.MemoryKvStore;
import io.kvsync.store.redis.RedisKvStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No class of the core modules names a Spring type: Spring stays in the auto-configuration. Reads each
 * module's class files (from its jar or its build directory) and looks for {@code org/springframework}
 * in their constant pools, where every type a class refers to is written.
 */
class CoreModulesStayFreeOfSpringTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"kvsync-api", "kvsync-engine", "kvsync-hibernate", "kvsync-store-redis", "kvsync-store-memory",
            "kvsync-micrometer"})
    void a_core_module_refers_to_no_spring_class(String module) throws Exception {
        Class<?> anchor = switch (module) {
            case "kvsync-api" -> Syncable.class;
            case "kvsync-engine" -> KvSync.class;
            case "kvsync-hibernate" -> KvSyncHibernate.class;
            case "kvsync-store-redis" -> RedisKvStore.class;
            case "kvsync-store-memory" -> MemoryKvStore.class;
            case "kvsync-micrometer" -> io.kvsync.micrometer.KvSyncMetrics.class;
            default -> throw new IllegalArgumentException(module);
        };
        List<String> offenders = new ArrayList<>();
        int classes = forEachClass(location(anchor), (name, bytes) -> {
            if (new String(bytes, StandardCharsets.ISO_8859_1).contains("org/springframework")) {
                offenders.add(name);
            }
        });
        assertThat(classes).as("class files read from " + location(anchor)).isGreaterThan(3);
        assertThat(offenders).isEmpty();
    }

    private static Path location(Class<?> anchor) throws URISyntaxException {
        return Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private interface ClassVisitor {
        void visit(String name, byte[] bytes);
    }

    private static int forEachClass(Path location, ClassVisitor visitor) throws IOException {
        int count = 0;
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location)) {
                for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                    visitor.visit(location.relativize(file).toString(), Files.readAllBytes(file));
                    count++;
                }
            }
            return count;
        }
        try (JarFile jar = new JarFile(location.toFile())) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (entry.getName().endsWith(".class")) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        visitor.visit(entry.getName(), in.readAllBytes());
                    }
                    count++;
                }
            }
        }
        return count;
    }
}
