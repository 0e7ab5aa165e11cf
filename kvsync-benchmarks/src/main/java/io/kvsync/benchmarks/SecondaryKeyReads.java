package io.kvsync.benchmarks;

import io.kvsync.engine.KvSync;
import org.HdrHistogram.Histogram;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Scenario 3: reading one committed {@link Shipment}, each way timed per call:
 * <ul>
 *   <li>by its unique uuid: {@code kv.fetch(probe, "uuid")}, with the Redis store on Lettuce (its
 *       default), on Jedis, and on Lettuce with the near cache; a JDBC prepared statement on the indexed column; the same lookup as an
 *       HQL query;</li>
 *   <li>by id: {@code kv.fetch(probe, "id")}, on Lettuce, on Jedis and with the near cache; {@code session.find} answered
 *       by Hibernate's second-level cache in Redis (Redisson).</li>
 * </ul>
 * The ways take turns in blocks of {@value #BLOCK} reads, the first way rotating from block to block, so
 * that drift in the machine's load hits all alike while each read follows reads of its own kind (a read
 * right after another client's would pay for that client's threads waking). Sessions are cleared after
 * each read, untimed, so that the persistence context never answers. Not thread-safe.
 */
final class SecondaryKeyReads {

    /** The ways of reading a shipment. */
    enum Way { KV_BY_UUID, JEDIS_BY_UUID, NEAR_BY_UUID, JDBC_BY_UUID, HQL_BY_UUID, KV_BY_ID, JEDIS_BY_ID, NEAR_BY_ID, CACHE_BY_ID }

    /** One round: the median (p50) nanoseconds per read of each way, and the second-level cache's counts. */
    record Round(Map<Way, Long> p50, long cacheHits, long cacheMisses) {
        long p50(Way way) {
            return p50.get(way);
        }
    }

    private static final int BLOCK = 100;

    private final KvSync kv;
    private final KvSync jedis;
    private final KvSync near;
    private final DataSource dataSource;
    private final String table;
    private final SessionFactory plain;
    private final SessionFactory cached;
    private final List<ShipmentRef> refs;

    /**
     * @param kv     a KvSync on the Redis store with Lettuce
     * @param jedis  a KvSync on the same entries through Jedis
     * @param near   a KvSync on the same entries through Lettuce with the store's near cache on
     * @param plain  a factory without second-level cache
     * @param cached a factory with Redisson's second-level cache and statistics on
     * @param refs   shipments replicated by {@code kv}
     */
    SecondaryKeyReads(KvSync kv, KvSync jedis, KvSync near, DataSource dataSource, String table, SessionFactory plain,
                      SessionFactory cached, List<ShipmentRef> refs) {
        this.kv = kv;
        this.jedis = jedis;
        this.near = near;
        this.dataSource = dataSource;
        this.table = table;
        this.plain = plain;
        this.cached = cached;
        this.refs = refs;
    }

    /**
     * Loads every ref once through the cached factory and the near cache (a miss that fills each) and checks that all
     * ways read the same row.
     *
     * @throws IllegalStateException when they disagree
     */
    void prepare() throws SQLException {
        try (Session session = cached.openSession()) {
            for (ShipmentRef ref : refs) {
                session.find(Shipment.class, ref.id());
                session.clear();
            }
        }
        // The near cache gets the same start as the second-level cache: every shipment read once.
        for (ShipmentRef ref : refs) {
            near.fetch(Shipment.withUuid(ref.uuid()), "uuid");
            near.fetch(Shipment.withId(ref.id()), "id");
        }
        try (Readers readers = new Readers()) {
            ShipmentRef ref = refs.get(0);
            Shipment expected = readers.read(Way.KV_BY_UUID, ref);
            for (Way way : Way.values()) {
                Shipment read = readers.read(way, ref);
                if (!expected.equals(read)) {
                    throw new IllegalStateException(way + " reads " + read + " where " + Way.KV_BY_UUID + " reads " + expected);
                }
            }
        }
    }

    /** Times {@code samples} reads of each way, of refs picked at random (seeded by {@code seed}). */
    Round measure(int samples, long seed) throws SQLException {
        Random random = new Random(seed);
        int[] picks = random.ints(samples, 0, refs.size()).toArray();
        Way[] ways = Way.values();
        Map<Way, Histogram> timings = new EnumMap<>(Way.class);
        for (Way way : ways) {
            timings.put(way, new Histogram(3));
        }
        Statistics statistics = cached.getStatistics();
        long hitsBefore = statistics.getSecondLevelCacheHitCount();
        long missesBefore = statistics.getSecondLevelCacheMissCount();
        try (Readers readers = new Readers()) {
            for (int from = 0; from < samples; from += BLOCK) {
                int to = Math.min(samples, from + BLOCK);
                for (int w = 0; w < ways.length; w++) {
                    Way way = ways[(w + from / BLOCK) % ways.length];
                    Histogram timing = timings.get(way);
                    for (int i = from; i < to; i++) {
                        ShipmentRef ref = refs.get(picks[i]);
                        long started = System.nanoTime();
                        Shipment read = readers.read(way, ref);
                        timing.recordValue(System.nanoTime() - started);
                        readers.clearSessions();
                        if (read.id != ref.id()) {
                            throw new IllegalStateException(way + " read " + read + " for " + ref);
                        }
                    }
                }
            }
        }
        Map<Way, Long> p50 = new EnumMap<>(Way.class);
        timings.forEach((way, timing) -> p50.put(way, timing.getValueAtPercentile(50)));
        return new Round(p50, statistics.getSecondLevelCacheHitCount() - hitsBefore,
                statistics.getSecondLevelCacheMissCount() - missesBefore);
    }

    /** What one round reads through: a JDBC connection and statement, and a session of each factory. */
    private final class Readers implements AutoCloseable {
        private final Connection connection;
        private final PreparedStatement select;
        private final Session hql;
        private final Session secondLevel;

        Readers() throws SQLException {
            connection = dataSource.getConnection();
            select = byUuid(connection);
            hql = plain.openSession();
            secondLevel = cached.openSession();
        }

        Shipment read(Way way, ShipmentRef ref) throws SQLException {
            switch (way) {
                case KV_BY_UUID:
                    return kv.fetch(Shipment.withUuid(ref.uuid()), "uuid").orElseThrow(() -> missing(way, ref));
                case JEDIS_BY_UUID:
                    return jedis.fetch(Shipment.withUuid(ref.uuid()), "uuid").orElseThrow(() -> missing(way, ref));
                case NEAR_BY_UUID:
                    return near.fetch(Shipment.withUuid(ref.uuid()), "uuid").orElseThrow(() -> missing(way, ref));
                case JDBC_BY_UUID:
                    return select(select, ref.uuid());
                case HQL_BY_UUID:
                    return hql.createSelectionQuery("from Shipment where uuid = :uuid", Shipment.class)
                            .setParameter("uuid", ref.uuid()).getSingleResult();
                case KV_BY_ID:
                    return kv.fetch(Shipment.withId(ref.id()), "id").orElseThrow(() -> missing(way, ref));
                case JEDIS_BY_ID:
                    return jedis.fetch(Shipment.withId(ref.id()), "id").orElseThrow(() -> missing(way, ref));
                case NEAR_BY_ID:
                    return near.fetch(Shipment.withId(ref.id()), "id").orElseThrow(() -> missing(way, ref));
                case CACHE_BY_ID:
                    Shipment found = secondLevel.find(Shipment.class, ref.id());
                    if (found == null) {
                        throw missing(way, ref);
                    }
                    return found;
                default:
                    throw new IllegalArgumentException(way.toString());
            }
        }

        void clearSessions() {
            hql.clear();
            secondLevel.clear();
        }

        @Override
        public void close() throws SQLException {
            try (connection; select; hql; secondLevel) {
                // closes all four, in reverse order
            }
        }
    }

    private static IllegalStateException missing(Way way, ShipmentRef ref) {
        return new IllegalStateException(way + " found nothing for " + ref);
    }

    private PreparedStatement byUuid(Connection connection) throws SQLException {
        return connection.prepareStatement("select id, uuid, sender, recipient, note, version from " + table + " where uuid = ?");
    }

    /** What an application without an ORM does: the row by the indexed column, mapped by hand. */
    private static Shipment select(PreparedStatement select, String uuid) throws SQLException {
        select.setString(1, uuid);
        try (ResultSet row = select.executeQuery()) {
            if (!row.next()) {
                throw new IllegalStateException("no row with uuid " + uuid);
            }
            Shipment shipment = new Shipment();
            shipment.id = row.getLong(1);
            shipment.uuid = row.getString(2);
            shipment.sender = row.getString(3);
            shipment.recipient = row.getString(4);
            shipment.note = row.getString(5);
            shipment.version = row.getLong(6);
            return shipment;
        }
    }
}
