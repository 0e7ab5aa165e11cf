/** Addresses of the real services (Redis, PostgreSQL) that backend tests run against. */
package io.kvsync.tck.services;
