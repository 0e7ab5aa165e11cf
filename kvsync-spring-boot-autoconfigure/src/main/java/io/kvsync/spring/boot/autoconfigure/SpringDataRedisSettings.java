package io.kvsync.spring.boot.autoconfigure;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.ssl.SslBundle;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Redis store's settings taken from Spring Data Redis's connection details ({@code spring.data.redis.*},
 * or a service connection), so that an application configures Redis once: standalone, Sentinel or Cluster,
 * user name, password and TLS. Used only when none of {@code kvsync.redis.uri} and {@code kvsync.redis.uris}
 * is set.
 *
 * <p>TLS: an SSL bundle's trust material is not carried over; the store trusts the JVM's default CAs, or
 * those of {@code kvsync.redis.tls.*}.
 */
final class SpringDataRedisSettings {

    private SpringDataRedisSettings() {
    }

    /**
     * The {@code kvsync.redis.*} settings for {@code details}; {@code ssl} is whether Spring Data Redis
     * connects with TLS (its details carry an SSL bundle, or its URL's scheme is {@code rediss}).
     */
    static Map<String, String> of(DataRedisConnectionDetails details, boolean ssl) {
        Map<String, String> settings = new LinkedHashMap<>();
        String scheme = ssl ? "rediss://" : "redis://";
        DataRedisConnectionDetails.Cluster cluster = details.getCluster();
        DataRedisConnectionDetails.Sentinel sentinel = details.getSentinel();
        if (cluster != null) {
            settings.put("kvsync.redis.cluster", "true");
            settings.put("kvsync.redis.uris", cluster.getNodes().stream()
                    .map(node -> scheme + hostPort(node)).collect(Collectors.joining(",")));
        } else if (sentinel != null) {
            StringBuilder uri = new StringBuilder("redis-sentinel://");
            if (sentinel.getPassword() != null) {
                // Sentinels' own password travels in the URI; the data nodes' in kvsync.redis.password.
                uri.append(encode(sentinel.getUsername() == null ? "" : sentinel.getUsername())).append(':')
                        .append(encode(sentinel.getPassword())).append('@');
            }
            uri.append(sentinel.getNodes().stream().map(SpringDataRedisSettings::hostPort).collect(Collectors.joining(",")))
                    .append('/').append(sentinel.getDatabase()).append('#').append(sentinel.getMaster());
            settings.put("kvsync.redis.uri", uri.toString());
        } else {
            DataRedisConnectionDetails.Standalone standalone = details.getStandalone();
            settings.put("kvsync.redis.uri", scheme + standalone.getHost() + ":" + standalone.getPort() + "/"
                    + standalone.getDatabase());
        }
        if (details.getUsername() != null) {
            settings.put("kvsync.redis.username", details.getUsername());
        }
        if (details.getPassword() != null) {
            settings.put("kvsync.redis.password", details.getPassword());
        }
        return settings;
    }

    /** Whether Spring Data Redis connects with TLS: an SSL bundle, or a {@code rediss://} URL. */
    static boolean usesTls(DataRedisConnectionDetails details, String url) {
        SslBundle bundle = details.getSslBundle();
        return bundle != null || (url != null && url.startsWith("rediss:"));
    }

    private static String hostPort(DataRedisConnectionDetails.Node node) {
        return node.host() + ":" + node.port();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
