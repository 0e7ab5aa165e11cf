package io.kvsync.spring.boot.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code kvsync.*} settings, under the names the engine, the stores and the Hibernate integration read
 * without Spring (see the README's configuration table), typed so that IDEs complete them and Spring
 * refuses a malformed value at start-up by its name. Every setting left unset keeps the library's default.
 * Settings of a store or marshaler this class does not list (a third-party provider's) still reach the
 * engine: every {@code kvsync.*} property of the environment is passed on, these typed values over them.
 */
@ConfigurationProperties(prefix = "kvsync")
public class KvSyncProperties {

    /** The store provider: redis, hazelcast or memory. Unset: the highest-priority store on the classpath. */
    private String store;

    /** The marshaler provider: bson or json. Unset: the highest-priority marshaler on the classpath (bson). */
    private String marshaler;

    /** Worker threads taking batches from the write queue. */
    private Integer workers;

    /** How committed changes reach the store: memory (the default) or outbox (a table in the transaction). */
    private String delivery;

    /** Time to live of every written entry. Unset: entries do not expire. */
    private Duration expiration;

    /** How far apart the clocks of the instances sharing a store may be. */
    private Duration clockSkew;

    /** Most bytes one marshaled entity may take. */
    private Integer maxValueSize;

    private final Queue queue = new Queue();
    private final Batch batch = new Batch();
    private final Retry retry = new Retry();
    private final Shutdown shutdown = new Shutdown();
    private final Sync sync = new Sync();
    private final Redis redis = new Redis();
    private final Hazelcast hazelcast = new Hazelcast();
    private final Memory memory = new Memory();
    private final Hibernate hibernate = new Hibernate();
    private final Outbox outbox = new Outbox();
    private final Health health = new Health();

    public String getStore() {
        return store;
    }

    public void setStore(String store) {
        this.store = store;
    }

    public String getMarshaler() {
        return marshaler;
    }

    public void setMarshaler(String marshaler) {
        this.marshaler = marshaler;
    }

    public Integer getWorkers() {
        return workers;
    }

    public void setWorkers(Integer workers) {
        this.workers = workers;
    }

    public String getDelivery() {
        return delivery;
    }

    public void setDelivery(String delivery) {
        this.delivery = delivery;
    }

    public Duration getExpiration() {
        return expiration;
    }

    public void setExpiration(Duration expiration) {
        this.expiration = expiration;
    }

    public Duration getClockSkew() {
        return clockSkew;
    }

    public void setClockSkew(Duration clockSkew) {
        this.clockSkew = clockSkew;
    }

    public Integer getMaxValueSize() {
        return maxValueSize;
    }

    public void setMaxValueSize(Integer maxValueSize) {
        this.maxValueSize = maxValueSize;
    }

    public Queue getQueue() {
        return queue;
    }

    public Batch getBatch() {
        return batch;
    }

    public Retry getRetry() {
        return retry;
    }

    public Shutdown getShutdown() {
        return shutdown;
    }

    public Sync getSync() {
        return sync;
    }

    public Redis getRedis() {
        return redis;
    }

    public Hazelcast getHazelcast() {
        return hazelcast;
    }

    public Memory getMemory() {
        return memory;
    }

    public Hibernate getHibernate() {
        return hibernate;
    }

    public Outbox getOutbox() {
        return outbox;
    }

    public Health getHealth() {
        return health;
    }

    /** The write queue. */
    public static class Queue {

        /** Most distinct keys pending at once. */
        private Integer capacity;

        /** How long a write waits for room in a full queue before it is refused. */
        private Duration offerTimeout;

        public Integer getCapacity() {
            return capacity;
        }

        public void setCapacity(Integer capacity) {
            this.capacity = capacity;
        }

        public Duration getOfferTimeout() {
            return offerTimeout;
        }

        public void setOfferTimeout(Duration offerTimeout) {
            this.offerTimeout = offerTimeout;
        }
    }

    /** Batches of writes. */
    public static class Batch {

        /** Most writes per store call. */
        private Integer size;

        /** How long a worker that has just written a batch waits for a fuller one (a lone write goes at once). */
        private Duration linger;

        /** Without a linger: how long a worker lingers after a batch while writes stream in (0: never). */
        private Duration streamLinger;

        public Integer getSize() {
            return size;
        }

        public void setSize(Integer size) {
            this.size = size;
        }

        public Duration getLinger() {
            return linger;
        }

        public void setLinger(Duration linger) {
            this.linger = linger;
        }

        public Duration getStreamLinger() {
            return streamLinger;
        }

        public void setStreamLinger(Duration streamLinger) {
            this.streamLinger = streamLinger;
        }
    }

    /** Retries of failed writes. */
    public static class Retry {

        /** First retry delay. */
        private Duration initialBackoff;

        /** Cap of the doubling retry delay. */
        private Duration maxBackoff;

        public Duration getInitialBackoff() {
            return initialBackoff;
        }

        public void setInitialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
        }

        public Duration getMaxBackoff() {
            return maxBackoff;
        }

        public void setMaxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
        }
    }

    /** Closing. */
    public static class Shutdown {

        /** How long closing drains the pending writes (after the EntityManagerFactory has closed). */
        private Duration timeout;

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }
    }

    /** Synchronous calls. */
    public static class Sync {

        /** How long sync() and delete() wait for the store. */
        private Duration timeout;

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }
    }

    /**
     * The Redis store. Without {@code uri} or {@code uris}, it connects where Spring Data Redis does
     * ({@code spring.data.redis.*}), when that is configured.
     */
    public static class Redis {

        /** A redis://, rediss:// or redis-sentinel:// URI. */
        private String uri;

        /** Several URIs: a cluster's seed nodes, or standalone nodes. */
        private List<String> uris = new ArrayList<>();

        /** Whether the URIs are Redis Cluster seed nodes. */
        private Boolean cluster;

        /** The ACL user name. */
        private String username;

        /** The password. */
        private String password;

        /** The prefix of every key the store writes. */
        private String prefix;

        /** Time to live of every entry the Redis store writes (over kvsync.expiration). */
        private Duration expiration;

        /** How long a command may take. */
        private Duration timeout;

        /** How long connecting may take. */
        private Duration connectTimeout;

        /** The client library: lettuce (the default) or jedis. */
        private String client;

        /** How long a versioned delete's tombstone blocks older puts. */
        private Duration tombstoneTtl;

        /** Most commands a Lettuce connection holds unanswered or unsent. */
        private Integer requestQueueSize;

        /** Most connections of a Jedis client. */
        private Integer poolSize;

        /**
         * Which versioned puts go first as set-if-absent ({@code MSETNX} runs or {@code SET … NX}), fenced only when
         * their key was held: {@code auto} (default: a row's insert, and large batches while their keys are
         * mostly new), {@code always} or {@code never}.
         */
        private String setIfAbsent;

        private final NearCache nearCache = new NearCache();
        private final OptimisticFencing optimisticFencing = new OptimisticFencing();
        private final Tls tls = new Tls();

        public String getUri() {
            return uri;
        }

        public void setUri(String uri) {
            this.uri = uri;
        }

        public List<String> getUris() {
            return uris;
        }

        public void setUris(List<String> uris) {
            this.uris = uris;
        }

        public Boolean getCluster() {
            return cluster;
        }

        public void setCluster(Boolean cluster) {
            this.cluster = cluster;
        }

        public String getUsername() {
            return username;
        }

        public void setUsername(String username) {
            this.username = username;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public String getPrefix() {
            return prefix;
        }

        public void setPrefix(String prefix) {
            this.prefix = prefix;
        }

        public Duration getExpiration() {
            return expiration;
        }

        public void setExpiration(Duration expiration) {
            this.expiration = expiration;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        public Duration getConnectTimeout() {
            return connectTimeout;
        }

        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        public String getClient() {
            return client;
        }

        public void setClient(String client) {
            this.client = client;
        }

        public Duration getTombstoneTtl() {
            return tombstoneTtl;
        }

        public void setTombstoneTtl(Duration tombstoneTtl) {
            this.tombstoneTtl = tombstoneTtl;
        }

        public Integer getRequestQueueSize() {
            return requestQueueSize;
        }

        public void setRequestQueueSize(Integer requestQueueSize) {
            this.requestQueueSize = requestQueueSize;
        }

        public Integer getPoolSize() {
            return poolSize;
        }

        public void setPoolSize(Integer poolSize) {
            this.poolSize = poolSize;
        }

        public String getSetIfAbsent() {
            return setIfAbsent;
        }

        public void setSetIfAbsent(String setIfAbsent) {
            this.setIfAbsent = setIfAbsent;
        }

        public NearCache getNearCache() {
            return nearCache;
        }

        public OptimisticFencing getOptimisticFencing() {
            return optimisticFencing;
        }

        public Tls getTls() {
            return tls;
        }

        /** How batches of many versioned writes are fenced: one optimistic transaction instead of a script call per key. */
        public static class OptimisticFencing {

            /** The least number of versioned writes in a batch for a transaction; 8 by default, 0 for never. */
            private Integer minWrites;

            public Integer getMinWrites() {
                return minWrites;
            }

            public void setMinWrites(Integer minWrites) {
                this.minWrites = minWrites;
            }
        }

        /** The near cache: recently read keys kept in the JVM. */
        public static class NearCache {

            /** How many keys at most; 0 for none. */
            private Integer maxEntries;

            public Integer getMaxEntries() {
                return maxEntries;
            }

            public void setMaxEntries(Integer maxEntries) {
                this.maxEntries = maxEntries;
            }
        }

        /** TLS trust of the store's own connections. */
        public static class Tls {

            /** A PEM file of the CA certificates to trust. */
            private String trustedCertificates;

            /** A trust store file (PKCS12 or JKS). */
            private String trustStore;

            /** The trust store's password. */
            private String trustStorePassword;

            /** Whether the server's host name must match its certificate. */
            private Boolean verifyHostname;

            public String getTrustedCertificates() {
                return trustedCertificates;
            }

            public void setTrustedCertificates(String trustedCertificates) {
                this.trustedCertificates = trustedCertificates;
            }

            public String getTrustStore() {
                return trustStore;
            }

            public void setTrustStore(String trustStore) {
                this.trustStore = trustStore;
            }

            public String getTrustStorePassword() {
                return trustStorePassword;
            }

            public void setTrustStorePassword(String trustStorePassword) {
                this.trustStorePassword = trustStorePassword;
            }

            public Boolean getVerifyHostname() {
                return verifyHostname;
            }

            public void setVerifyHostname(Boolean verifyHostname) {
                this.verifyHostname = verifyHostname;
            }
        }
    }

    /** The Hazelcast store. */
    public static class Hazelcast {

        /** member (an embedded member) or client. */
        private String mode;

        /** Member addresses (host:port) to join or connect to. */
        private List<String> members = new ArrayList<>();

        /** The cluster's name. */
        private String clusterName;

        /** The IMap that holds the entries. */
        private String map;

        /** The embedded member's port. */
        private Integer port;

        /** A Hazelcast XML or YAML configuration file, instead of the settings above. */
        private String configFile;

        /** How long a client may take to connect. */
        private Duration connectTimeout;

        /** How long an operation may take. */
        private Duration operationTimeout;

        /** How long a versioned delete's tombstone blocks older puts. */
        private Duration tombstoneTtl;

        public String getMode() {
            return mode;
        }

        public void setMode(String mode) {
            this.mode = mode;
        }

        public List<String> getMembers() {
            return members;
        }

        public void setMembers(List<String> members) {
            this.members = members;
        }

        public String getClusterName() {
            return clusterName;
        }

        public void setClusterName(String clusterName) {
            this.clusterName = clusterName;
        }

        public String getMap() {
            return map;
        }

        public void setMap(String map) {
            this.map = map;
        }

        public Integer getPort() {
            return port;
        }

        public void setPort(Integer port) {
            this.port = port;
        }

        public String getConfigFile() {
            return configFile;
        }

        public void setConfigFile(String configFile) {
            this.configFile = configFile;
        }

        public Duration getConnectTimeout() {
            return connectTimeout;
        }

        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        public Duration getOperationTimeout() {
            return operationTimeout;
        }

        public void setOperationTimeout(Duration operationTimeout) {
            this.operationTimeout = operationTimeout;
        }

        public Duration getTombstoneTtl() {
            return tombstoneTtl;
        }

        public void setTombstoneTtl(Duration tombstoneTtl) {
            this.tombstoneTtl = tombstoneTtl;
        }
    }

    /** The in-memory store. */
    public static class Memory {

        /** Bound on stored bytes. */
        private Long maximumBytes;

        /** How long a versioned delete's tombstone blocks older puts. */
        private Duration tombstoneTtl;

        public Long getMaximumBytes() {
            return maximumBytes;
        }

        public void setMaximumBytes(Long maximumBytes) {
            this.maximumBytes = maximumBytes;
        }

        public Duration getTombstoneTtl() {
            return tombstoneTtl;
        }

        public void setTombstoneTtl(Duration tombstoneTtl) {
            this.tombstoneTtl = tombstoneTtl;
        }
    }

    /** The Hibernate integration. */
    public static class Hibernate {

        /** Whether the KvSync bean is registered on the JPA EntityManagerFactory's session factory. */
        private boolean register = true;

        /** How long a committing thread waits for room in a full queue before leaving the change to the relay. */
        private Duration offerTimeout;

        /** With memory delivery: the most refused changes remembered for a re-read. */
        private Integer overflowCapacity;

        public boolean isRegister() {
            return register;
        }

        public void setRegister(boolean register) {
            this.register = register;
        }

        public Duration getOfferTimeout() {
            return offerTimeout;
        }

        public void setOfferTimeout(Duration offerTimeout) {
            this.offerTimeout = offerTimeout;
        }

        public Integer getOverflowCapacity() {
            return overflowCapacity;
        }

        public void setOverflowCapacity(Integer overflowCapacity) {
            this.overflowCapacity = overflowCapacity;
        }
    }

    /** The transactional outbox (kvsync.delivery=outbox). */
    public static class Outbox {

        /** The outbox table, optionally schema.table. */
        private String table;

        /** create, validate or none. */
        private String ddl;

        /** How old a row must be before the relay takes it from the fast path. */
        private Duration grace;

        /** How often the relay looks for work. */
        private Duration pollInterval;

        /** Rows the relay claims per pass. */
        private Integer batchSize;

        /** How long the relay waits for the store to take a claimed batch. */
        private Duration relayTimeout;

        public String getTable() {
            return table;
        }

        public void setTable(String table) {
            this.table = table;
        }

        public String getDdl() {
            return ddl;
        }

        public void setDdl(String ddl) {
            this.ddl = ddl;
        }

        public Duration getGrace() {
            return grace;
        }

        public void setGrace(Duration grace) {
            this.grace = grace;
        }

        public Duration getPollInterval() {
            return pollInterval;
        }

        public void setPollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
        }

        public Integer getBatchSize() {
            return batchSize;
        }

        public void setBatchSize(Integer batchSize) {
            this.batchSize = batchSize;
        }

        public Duration getRelayTimeout() {
            return relayTimeout;
        }

        public void setRelayTimeout(Duration relayTimeout) {
            this.relayTimeout = relayTimeout;
        }
    }

    /** The Actuator health indicator (Spring only; not passed to the engine). */
    public static class Health {

        /** How long the health check's read of the store may take before the store counts as unreachable. */
        private Duration probeTimeout = Duration.ofSeconds(2);

        /** How long every store call must have failed before the health is DOWN. */
        private Duration downAfter = Duration.ofSeconds(30);

        public Duration getProbeTimeout() {
            return probeTimeout;
        }

        public void setProbeTimeout(Duration probeTimeout) {
            this.probeTimeout = probeTimeout;
        }

        public Duration getDownAfter() {
            return downAfter;
        }

        public void setDownAfter(Duration downAfter) {
            this.downAfter = downAfter;
        }
    }
}
