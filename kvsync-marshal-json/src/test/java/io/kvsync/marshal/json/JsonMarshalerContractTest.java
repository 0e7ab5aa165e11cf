package io.kvsync.marshal.json;

import io.kvsync.spi.Marshaler;
import io.kvsync.tck.MarshalerContract;

class JsonMarshalerContractTest extends MarshalerContract {

    @Override
    protected Marshaler createMarshaler() {
        return JsonMarshaler.create();
    }
}
