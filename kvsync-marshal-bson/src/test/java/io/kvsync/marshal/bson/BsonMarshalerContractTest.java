package io.kvsync.marshal.bson;

import io.kvsync.spi.Marshaler;
import io.kvsync.tck.MarshalerContract;

class BsonMarshalerContractTest extends MarshalerContract {

    @Override
    protected Marshaler createMarshaler() {
        return BsonMarshaler.create();
    }
}
