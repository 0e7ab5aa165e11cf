/** Hibernate 7 integration: after-commit replication of inserts, updates and deletes, and resync. */
package io.kvsync.hibernate;
