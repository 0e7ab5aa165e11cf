/** The default {@link io.kvsync.spi.Marshaler}: lossless BSON through per-class codecs, entry point {@link io.kvsync.marshal.bson.BsonMarshaler}. */
package io.kvsync.marshal.bson;
