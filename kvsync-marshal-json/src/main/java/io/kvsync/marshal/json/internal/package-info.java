/** How the JSON marshaler configures Jackson and reports its failures; not public API. */
package io.kvsync.marshal.json.internal;
