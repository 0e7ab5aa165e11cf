/** Racing writers: two engines replicate the same versioned rows, one over a link that delays and reorders. */
package io.kvsync.it.race;
