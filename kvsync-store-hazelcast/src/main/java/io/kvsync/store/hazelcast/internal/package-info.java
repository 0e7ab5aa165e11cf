/** Internals of the Hazelcast store: the value envelope, the entry processor for versioned writes, batching; not API. */
package io.kvsync.store.hazelcast.internal;
