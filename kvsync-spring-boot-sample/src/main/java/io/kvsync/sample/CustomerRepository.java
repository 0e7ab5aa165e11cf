package io.kvsync.sample;

import org.springframework.data.jpa.repository.JpaRepository;

/** Customers in the database; KVSync replicates what it commits. */
public interface CustomerRepository extends JpaRepository<Customer, Long> {
}
