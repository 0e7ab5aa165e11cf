/** Support for the API's default methods; not part of the API, and may change without notice. */
package io.kvsync.api.internal;
