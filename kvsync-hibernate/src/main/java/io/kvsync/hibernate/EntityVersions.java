package io.kvsync.hibernate;

import io.kvsync.spi.KvWrite;
import org.hibernate.persister.entity.EntityPersister;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Date;

/** Turns a JPA {@code @Version} value into the {@code long} that fences writes in the store. */
final class EntityVersions {

    private EntityVersions() {
    }

    static long of(EntityPersister persister, Object entity) {
        if (!persister.isVersioned()) {
            return KvWrite.UNVERSIONED;
        }
        return toLong(persister.getVersion(entity));
    }

    /**
     * Numbers as they are; timestamps as nanoseconds since the epoch, so that two versions taken in the
     * same millisecond still differ where the database kept more precision.
     */
    static long toLong(Object version) {
        if (version == null) {
            return KvWrite.UNVERSIONED;
        }
        if (version instanceof Number number) {
            return number.longValue();
        }
        if (version instanceof java.sql.Timestamp timestamp) {
            return epochNanos(timestamp.toInstant());
        }
        if (version instanceof Date date) {
            return epochNanos(date.toInstant());
        }
        if (version instanceof Instant instant) {
            return epochNanos(instant);
        }
        if (version instanceof LocalDateTime local) {
            return epochNanos(local.toInstant(ZoneOffset.UTC));
        }
        if (version instanceof OffsetDateTime offset) {
            return epochNanos(offset.toInstant());
        }
        if (version instanceof ZonedDateTime zoned) {
            return epochNanos(zoned.toInstant());
        }
        // An exotic version type: replicate unfenced rather than guess an order.
        return KvWrite.UNVERSIONED;
    }

    private static long epochNanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }
}
