/** Bad input: every kind of bad entity, key or stored bytes gets a typed error, and spares its neighbours. */
package io.kvsync.it.input;
