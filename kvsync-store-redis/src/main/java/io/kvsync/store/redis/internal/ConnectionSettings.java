package io.kvsync.store.redis.internal;

import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StaticCredentialsProvider;

import java.time.Duration;
import java.util.List;

/**
 * What a store needs to open its own client: validated by the public builder.
 *
 * @param uris             the parsed URIs: one (standalone, TLS, Sentinel) or several seeds of a cluster
 * @param cluster          whether to talk the cluster protocol (also with a single seed)
 * @param username         the ACL user, or {@code null} (then the URI's, if any)
 * @param password         the password, or {@code null} (then the URI's, if any)
 * @param timeout          how long a command may take before it fails
 * @param connectTimeout   how long connecting may take
 * @param requestQueueSize most commands a Lettuce connection holds unanswered or unsent
 * @param poolSize         most connections of a Jedis client
 * @param trust            the CAs that TLS connections trust, or {@code null} for the JVM's default trust;
 *                         whether the host name is verified travels in each URI's verify mode
 */
public record ConnectionSettings(List<RedisURI> uris, boolean cluster, String username, char[] password,
                                 Duration timeout, Duration connectTimeout, int requestQueueSize, int poolSize,
                                 TlsTrust trust) {

    /** The URIs with the separately given credentials applied. */
    public List<RedisURI> authenticatedUris() {
        if (password == null && username == null) {
            return uris;
        }
        for (RedisURI uri : uris) {
            if (username != null) {
                uri.setCredentialsProvider(new StaticCredentialsProvider(username, password == null ? new char[0] : password));
            } else {
                uri.setCredentialsProvider(new StaticCredentialsProvider(null, password));
            }
            for (RedisURI sentinel : uri.getSentinels()) {
                // Sentinels usually share the data nodes' password; a different one belongs in the URI.
                if (!hasCredentials(sentinel)) {
                    sentinel.setCredentialsProvider(new StaticCredentialsProvider(null, password == null ? new char[0] : password));
                }
            }
        }
        return uris;
    }

    /** Whether the URI carries credentials of its own (never-null provider on Lettuce 6.8 and 7 alike). */
    private static boolean hasCredentials(RedisURI uri) {
        RedisCredentialsProvider provider = uri.getCredentialsProvider();
        if (provider == null) {
            return false;
        }
        if (provider instanceof RedisCredentialsProvider.ImmediateRedisCredentialsProvider immediate) {
            var credentials = immediate.resolveCredentialsNow();
            return credentials != null && (credentials.hasPassword() || credentials.hasUsername());
        }
        return true;
    }

    /** Hides the password from anyone who prints a settings object. */
    @Override
    public String toString() {
        return "ConnectionSettings[" + Endpoints.describe(uris) + ", cluster=" + cluster + ", timeout=" + timeout
                + (trust == null ? "" : ", trust=" + trust) + "]";
    }
}
