package io.kvsync.store.hazelcast;

/**
 * How a {@link HazelcastKvStore} that creates its own Hazelcast instance reaches the cluster: as a
 * client ({@code kvsync.hazelcast.mode=client}, the default) or by becoming a member that holds part
 * of the data itself ({@code kvsync.hazelcast.mode=embedded}).
 */
public enum HazelcastMode {

    /** A lightweight client of a cluster that runs elsewhere. */
    CLIENT,

    /** A member of the cluster, started in this JVM; with no other members, a cluster of one. */
    EMBEDDED
}
