/** What applications use: {@link io.kvsync.api.Syncable}, reports, exceptions and annotations. */
package io.kvsync.api;
