package io.kvsync.engine;

import io.kvsync.api.Syncable;
import io.kvsync.engine.internal.EntityChange;

import java.util.Map;
import java.util.Objects;

/**
 * One change of one entity, as an integration hands it to {@link KvSync#enqueue(Change)} or
 * {@link KvSync#sync(Change)}: a put of the entity's state under every key, or a delete of every key,
 * with what the engine cannot see for itself.
 *
 * <ul>
 *   <li>{@link #version(long)}: the state's optimistic-lock version; without it,
 *       {@link Syncable#syncVersion()}. {@link Syncable#UNVERSIONED} writes unfenced.</li>
 *   <li>{@link #identity(Object)}: the row's identifier (its primary key); without it,
 *       {@link Syncable#syncId()}. Two pending writes of one key with different identities are two
 *       entities claiming the key (reported as a conflict); with equal ones, two states of one entity.</li>
 *   <li>{@link #previousKeys(Map)}: the keys of the state before the change; each one the entity no
 *       longer has is deleted, fenced by the same version (a key change retires the old key).</li>
 *   <li>{@link #stamp(long)}: when the change committed, from {@link CommitClock#next()} drawn just before
 *       the commit; without it, the clock is read when the change is handed over. With the identity it
 *       orders claims of different rows on one key (see {@link io.kvsync.spi.KvWrite#admit}).</li>
 *   <li>{@link #insert(Object)} rather than {@link #put(Object)} for the change that created the row: a
 *       row deleted and inserted again under the same identifier starts its versions again, and only
 *       this tells its writes from the old row's.</li>
 * </ul>
 *
 * <p>A {@code Change} is a mutable request: build it, hand it over once, and do not touch it after.
 * Not thread-safe.
 */
public final class Change {

    private final Object entity;
    private final boolean delete;
    private final boolean creation;
    private long stamp;
    private int origin;
    private long born;
    private long version;
    private boolean versionGiven;
    private Object identity;
    private boolean identityGiven;
    private Map<String, String> previousKeys = Map.of();
    /** For a retirement of keys without an object: the row's type and the keys it had. */
    private Class<?> retiredType;
    private Map<String, String> retiredKeys;
    private Runnable whenWritten;

    private Change(Object entity, boolean delete, boolean creation) {
        this.entity = entity;
        this.delete = delete;
        this.creation = creation;
    }

    /** A put of {@code entity}'s current state under each of its keys. */
    public static Change put(Object entity) {
        return new Change(entity, false, false);
    }

    /** A put of a row's first state, by the change that inserted it (see the class documentation). */
    public static Change insert(Object entity) {
        return new Change(entity, false, true);
    }

    /** A delete of each of {@code entity}'s keys. */
    public static Change delete(Object entity) {
        return new Change(entity, true, false);
    }

    /**
     * A delete of {@code keys}, which a row of {@code entityType} had, when there is no object to take them
     * from: a replay of a change whose row is gone (the outbox relay). Give it the row's
     * {@link #identity(Object)}, the {@link #version(long)} of the state that had the keys and the
     * {@link #stamp(long, int)} of the commit that retired them, so that it is fenced as the original was;
     * without a version it is unfenced.
     *
     * @throws io.kvsync.api.KvSyncUsageException when a key or its name is null or blank
     */
    public static Change retireKeys(Class<?> entityType, Map<String, String> keys) {
        Objects.requireNonNull(entityType, "entityType");
        keys.forEach((name, key) -> {
            if (name == null || name.isBlank() || key == null || key.isBlank()) {
                throw new io.kvsync.api.KvSyncUsageException("cannot retire key " + name + "=\"" + key + "\" of "
                        + entityType.getName() + ": a key and its name must not be null or blank");
            }
        });
        Change change = new Change(null, true, false);
        change.retiredType = entityType;
        change.retiredKeys = Map.copyOf(keys);
        change.version = Syncable.UNVERSIONED;
        change.versionGiven = true;
        change.identityGiven = true;
        return change;
    }

    /**
     * Runs {@code callback} once the store holds every write of this change, or something that supersedes
     * each (a newer state of its row, another row's later claim of a key); on a worker thread, so it must be
     * quick (a change without writes, such as a retirement of no keys, is settled at once, on the calling
     * thread). Never after a failed attempt (the write stays pending and is retried), for writes the queue
     * refused, or for writes abandoned when the instance closes. For integrations that keep a durable record
     * of the change until it is replicated (the Hibernate outbox).
     */
    public Change whenWritten(Runnable callback) {
        this.whenWritten = Objects.requireNonNull(callback, "callback");
        return this;
    }

    /**
     * When the change committed: a stamp from {@link CommitClock#next()} drawn just before the commit. A
     * replay of an old state (another instance delivering it late, a retry from a log) must pass the stamp
     * of its commit: without one it counts as committed now, and would take a key back from a row that
     * took it since.
     *
     * @throws IllegalArgumentException when {@code stamp} is not positive
     */
    public Change stamp(long stamp) {
        if (stamp <= 0) {
            throw new IllegalArgumentException("a commit stamp must be positive (from CommitClock.next()): " + stamp
                    + " for " + this);
        }
        this.stamp = stamp;
        return this;
    }

    /**
     * When the change committed, by another instance's clock: a replay of a change that another process
     * stamped gives that process's {@link CommitClock#origin()}, so that hand-overs between its claims and
     * this process's are told apart ({@code kvsync.clock-skew}).
     *
     * @throws IllegalArgumentException when {@code stamp} is not positive or {@code origin} is 0
     */
    public Change stamp(long stamp, int origin) {
        if (origin == 0) {
            throw new IllegalArgumentException("an origin must not be 0 (CommitClock.origin() of the process that drew"
                    + " the stamp): " + this);
        }
        stamp(stamp);
        this.origin = origin;
        return this;
    }

    /**
     * When the row's current incarnation began: the stamp of the insert that created it, when the caller
     * knows it (the Hibernate integration does for rows this process inserted). A row deleted and inserted
     * again under its identifier starts its versions again; with its birth, a state of the new row is told
     * from the old row's entries even where its insert never wrote (a key it took later). Ignored when
     * later than the change's own stamp.
     *
     * @throws IllegalArgumentException when {@code born} is negative
     */
    public Change bornAt(long born) {
        if (born < 0) {
            throw new IllegalArgumentException("a birth stamp must not be negative: " + born + " for " + this);
        }
        this.born = born;
        return this;
    }

    /** The version of this state; {@link Syncable#UNVERSIONED} for none. */
    public Change version(long version) {
        this.version = version;
        this.versionGiven = true;
        return this;
    }

    /** The identifier of the entity's row; {@code null} when unknown. */
    public Change identity(Object identity) {
        this.identity = identity;
        this.identityGiven = true;
        return this;
    }

    /**
     * The entity's {@code syncKeys()} before the change, or the keys of the state in the database when
     * the object changed before its delete. Not validated: null and blank names and keys are skipped.
     */
    public Change previousKeys(Map<String, String> previousKeys) {
        this.previousKeys = Objects.requireNonNull(previousKeys, "previousKeys");
        return this;
    }

    Object entity() {
        return entity;
    }

    /** For {@link #retireKeys}: the row's type; otherwise {@code null}. */
    Class<?> retiredType() {
        return retiredType;
    }

    Map<String, String> retiredKeys() {
        return retiredKeys;
    }

    Runnable whenWritten() {
        return whenWritten;
    }

    boolean isDelete() {
        return delete;
    }

    long versionOf(Syncable syncable) {
        return versionGiven || syncable == null ? version : syncable.syncVersion();
    }

    Object identityOf(Syncable syncable) {
        return identityGiven || syncable == null ? identity : syncable.syncId();
    }

    Map<String, String> previousKeys() {
        return previousKeys;
    }

    /** The stamp given, or one drawn now; of this process's clock unless another origin was given. */
    EntityChange.Stamp stamp() {
        long drawn = stamp > 0 ? stamp : CommitClock.next();
        return new EntityChange.Stamp(drawn, creation ? drawn : born <= drawn ? born : 0,
                origin != 0 ? origin : CommitClock.origin());
    }

    @Override
    public String toString() {
        return (retiredType != null ? "retirement of " + retiredKeys + " of " + retiredType.getName()
                : (delete ? "delete of " : creation ? "insert of " : "put of ") + (entity == null ? "null" : entity.getClass().getName()))
                + (identityGiven ? " id=" + identity : "") + (versionGiven ? " version=" + version : "");
    }
}
