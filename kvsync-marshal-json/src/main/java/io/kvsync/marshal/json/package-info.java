/** The Jackson-based {@link io.kvsync.spi.Marshaler}: {@link io.kvsync.marshal.json.JsonMarshaler} and its provider. */
package io.kvsync.marshal.json;
