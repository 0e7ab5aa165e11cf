package io.kvsync.benchmarks;

import io.kvsync.spi.Marshaler;

import java.util.UUID;

/** Makes {@link Parcel}s whose marshaled form has a chosen size. Immutable and thread-safe. */
final class ParcelFactory {

    private final String note;

    /** Pads the note until {@code marshaler} encodes a parcel in {@code targetBytes} (or just above). */
    ParcelFactory(Marshaler marshaler, int targetBytes) {
        StringBuilder padding = new StringBuilder();
        while (marshaler.marshal(new Parcel(1_000_000L, UUID.randomUUID().toString(), padding.toString())).length < targetBytes) {
            padding.append('x');
        }
        this.note = padding.toString();
    }

    Parcel parcel(long id, String run) {
        return new Parcel(id, run + "-" + id, note);
    }
}
