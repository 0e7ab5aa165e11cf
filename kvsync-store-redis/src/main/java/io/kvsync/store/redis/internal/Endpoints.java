package io.kvsync.store.redis.internal;

import io.kvsync.api.KvSyncConfigurationException;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisURI;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * Parses Redis URIs and describes them with their passwords masked, for {@code toString}, logs and
 * exception messages. Stateless.
 */
public final class Endpoints {

    private static final Pattern USER_INFO = Pattern.compile("(://)[^@/,\\s]*@");
    /** What stands for a password. */
    private static final String MASK = "****";
    private static final Duration RESOLVE_WAIT = Duration.ofSeconds(1);

    private Endpoints() {
    }

    /**
     * Parses {@code redis://}, {@code rediss://} and {@code redis-sentinel://} URIs.
     *
     * @param setting the setting or builder method they came from, for the error message
     * @throws KvSyncConfigurationException when one cannot be parsed; the message shows it without password
     */
    public static List<RedisURI> parse(List<String> uris, String setting) {
        List<RedisURI> parsed = new ArrayList<>(uris.size());
        for (String uri : uris) {
            try {
                parsed.add(RedisURI.create(uri.trim()));
            } catch (RuntimeException e) {
                // The client's message may repeat the URI, password included: keep only its type.
                throw new KvSyncConfigurationException("RedisKvStore " + setting + " holds an invalid Redis URI "
                        + redact(uri) + " (" + e.getClass().getSimpleName() + "); expected redis://host:port,"
                        + " rediss://host:port for TLS or redis-sentinel://host:port,host:port#master");
            }
        }
        return parsed;
    }

    /** A URI as text with its user-info (password) masked. */
    public static String redact(String uri) {
        return USER_INFO.matcher(uri).replaceAll("$1" + MASK + "@");
    }

    /**
     * The endpoints, e.g. {@code redis://app:****@127.0.0.1:6379}: scheme, who logs in, hosts, database,
     * master. The user name is shown, so that a refused login names the user it was tried as; a password
     * only as {@code ****}.
     */
    public static String describe(List<RedisURI> uris) {
        StringJoiner joiner = new StringJoiner(",");
        for (RedisURI uri : uris) {
            joiner.add(describe(uri));
        }
        return joiner.toString();
    }

    private static String describe(RedisURI uri) {
        StringBuilder text = new StringBuilder();
        if (!uri.getSentinels().isEmpty()) {
            text.append(uri.isSsl() ? "rediss-sentinel://" : "redis-sentinel://").append(maskedUserInfo(uri));
            StringJoiner sentinels = new StringJoiner(",");
            uri.getSentinels().forEach(s -> sentinels.add(s.getHost() + ":" + s.getPort()));
            text.append(sentinels);
        } else {
            text.append(uri.isSsl() ? "rediss://" : "redis://").append(maskedUserInfo(uri))
                    .append(uri.getHost()).append(':').append(uri.getPort());
        }
        if (uri.getDatabase() != 0) {
            text.append('/').append(uri.getDatabase());
        }
        if (uri.getSentinelMasterId() != null) {
            text.append('#').append(uri.getSentinelMasterId());
        }
        return text.toString();
    }

    /** {@code user:****@}, {@code user@} or {@code ****@}; empty without credentials. */
    private static String maskedUserInfo(RedisURI uri) {
        RedisCredentialsProvider provider = uri.getCredentialsProvider();
        // The store's URIs carry fixed credentials (parsed from the URI, or set from the builder's settings),
        // which resolve at once; the wait only bounds what an unexpected provider could cost.
        RedisCredentials credentials = provider == null ? null : provider.resolveCredentials().block(RESOLVE_WAIT);
        if (credentials == null) {
            return "";
        }
        boolean password = credentials.hasPassword() && credentials.getPassword().length > 0;
        if (credentials.hasUsername() && !credentials.getUsername().isEmpty()) {
            return credentials.getUsername() + (password ? ":" + MASK : "") + "@";
        }
        return password ? MASK + "@" : "";
    }
}
