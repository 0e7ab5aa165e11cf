/** Private codec machinery of the BSON marshaler: no compatibility promises, not for use outside this module. */
package io.kvsync.marshal.bson.internal;
