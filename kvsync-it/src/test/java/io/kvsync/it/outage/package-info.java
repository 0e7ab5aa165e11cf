/** Outages, slow and black-holed links, and shutdown: the store still converges to the database. */
package io.kvsync.it.outage;
