package io.kvsync.benchmarks;

/** The identity of a committed {@link Shipment}: what the read scenarios look it up by. */
record ShipmentRef(long id, String uuid) {

    String uuidKey() {
        return "shipment:uuid:" + uuid;
    }
}
