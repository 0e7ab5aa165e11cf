/** Fault tests: the store converges to the database under outages, slow links, races, crashes and bad input. */
package io.kvsync.it;
