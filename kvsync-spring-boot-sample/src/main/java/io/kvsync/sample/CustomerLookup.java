package io.kvsync.sample;

import io.kvsync.engine.KvSync;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Reads customers from the key-value store by id or by email, never from the database. */
@RestController
public class CustomerLookup {

    private final KvSync kv;

    public CustomerLookup(KvSync kv) {
        this.kv = kv;
    }

    @GetMapping("/customers/{id}")
    public ResponseEntity<Customer> byId(@PathVariable long id) {
        return ResponseEntity.of(kv.fetch(Customer.withId(id), "id"));
    }

    @GetMapping("/customers/by-email/{email}")
    public ResponseEntity<Customer> byEmail(@PathVariable String email) {
        return ResponseEntity.of(kv.fetch(Customer.withEmail(email), "email"));
    }
}
