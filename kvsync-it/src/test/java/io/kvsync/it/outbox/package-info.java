/**
 * The transactional outbox ({@code kvsync.delivery=outbox}) under faults: a JVM killed with {@code kill -9}
 * while it commits, two relays working one backlog at once, and the store unreachable while threads commit
 * (both delivery modes). Each test ends with the store equal to the database, with no reconcile.
 */
package io.kvsync.it.outbox;
