package io.kvsync.store.redis.internal;

import io.kvsync.store.redis.RedisClientLibrary;

import java.time.Duration;
import java.util.List;

/**
 * What a builder asks {@link BackendAssembly} for: its connection settings, each already valid on its own
 * and the given clients already checked against the other settings.
 *
 * @param uris             the URIs as given; empty for the default URI, or for an application client's own
 * @param cluster          whether to talk the cluster protocol even with a single seed URI
 * @param username         the ACL user, when not in the URI; or {@code null}
 * @param password         the password, when not in the URI; or {@code null}
 * @param library          the client library of a client the store creates
 * @param timeout          how long a command may take
 * @param connectTimeout   how long connecting may take
 * @param requestQueueSize most commands a Lettuce connection holds
 * @param jedisPoolSize    most connections of a Jedis client the store creates
 * @param nearCacheEntries most keys of the near cache; 0 for none
 * @param optimisticFencing least versioned writes of a batch for an optimistic transaction; 0 for never
 * @param clients          the application's client, if it gave one
 * @param tls              the TLS settings
 */
public record BackendRequest(List<String> uris, boolean cluster, String username, char[] password,
                             RedisClientLibrary library, Duration timeout, Duration connectTimeout,
                             int requestQueueSize, int jedisPoolSize, int nearCacheEntries, int optimisticFencing,
                             GivenClients clients, TlsSettings tls) {

    /** Hides the password from anyone who prints a request. */
    @Override
    public String toString() {
        return "BackendRequest[uris=" + uris.stream().map(Endpoints::redact).toList() + ", cluster=" + cluster
                + ", library=" + library + "]";
    }
}
