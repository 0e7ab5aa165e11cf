package io.kvsync.sample;

import io.kvsync.engine.KvSync;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's journey, run on each profile by a subclass: customers saved, changed and deleted through the
 * repository and read back from the store by id and by email; then Actuator's health and metrics, over
 * HTTP on a random port.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class CustomerReplicationScenario {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };
    /** Emails unique to this run, so that a database kept from an earlier run cannot interfere. */
    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);

    @Autowired
    CustomerRepository customers;

    @Autowired
    KvSync kv;

    @LocalServerPort
    int port;

    /** The simple class name the health indicator shows for this profile's store. */
    abstract String expectedStore();

    /** Whether this profile delivers through the outbox ({@code kvsync.delivery=outbox}). */
    boolean deliversThroughAnOutbox() {
        return false;
    }

    static String email(String name) {
        return name + "-" + RUN + "@example.com";
    }

    private RestClient http() {
        return RestClient.create("http://127.0.0.1:" + port);
    }

    private void awaitReplication() {
        assertThat(kv.awaitIdle(Duration.ofSeconds(30))).as("replication finished").isTrue();
    }

    private Optional<Customer> byId(long id) {
        return kv.fetch(Customer.withId(id), "id");
    }

    private Optional<Customer> byEmail(String email) {
        return kv.fetch(Customer.withEmail(email), "email");
    }

    @Test
    void a_saved_customer_is_readable_by_id_and_by_email_without_the_database() {
        Customer saved = customers.save(new Customer(email("ada"), "Ada"));
        awaitReplication();

        assertThat(byId(saved.getId())).get().satisfies(c -> {
            assertThat(c.getEmail()).isEqualTo(email("ada"));
            assertThat(c.getName()).isEqualTo("Ada");
        });
        assertThat(byEmail(email("ada"))).get().extracting(Customer::getId).isEqualTo(saved.getId());
        Map<String, Object> overHttp = http().get().uri("/customers/by-email/{email}", email("ada")).retrieve().body(JSON);
        assertThat(overHttp).containsEntry("name", "Ada");
    }

    @Test
    void a_changed_email_moves_the_key_and_a_delete_removes_both_keys() {
        Customer saved = customers.save(new Customer(email("bob"), "Bob"));
        Customer loaded = customers.findById(saved.getId()).orElseThrow();
        loaded.setEmail(email("robert"));
        customers.save(loaded);
        awaitReplication();

        assertThat(byEmail(email("bob"))).as("the email given up").isEmpty();
        assertThat(byEmail(email("robert"))).get().extracting(Customer::getId).isEqualTo(saved.getId());
        assertThat(byId(saved.getId())).get().extracting(Customer::getEmail).isEqualTo(email("robert"));

        customers.deleteById(saved.getId());
        awaitReplication();
        assertThat(byId(saved.getId())).isEmpty();
        assertThat(byEmail(email("robert"))).isEmpty();
        HttpStatusCode status = http().get().uri("/customers/{id}", saved.getId()).exchange((request, response) -> response.getStatusCode());
        assertThat(status.value()).isEqualTo(404);
    }

    @Test
    void an_email_given_up_by_one_customer_and_taken_by_another_follows_the_new_owner() {
        Customer first = customers.save(new Customer(email("shared"), "First"));
        Customer renamed = customers.findById(first.getId()).orElseThrow();
        renamed.setEmail(email("first-new"));
        customers.save(renamed);
        Customer second = customers.save(new Customer(email("shared"), "Second"));
        awaitReplication();

        assertThat(byEmail(email("shared"))).get().extracting(Customer::getId).isEqualTo(second.getId());
        assertThat(byEmail(email("first-new"))).get().extracting(Customer::getId).isEqualTo(first.getId());
    }

    @Test
    @SuppressWarnings("unchecked")
    void actuator_health_shows_kvsync_up_with_its_store_and_backlog() {
        Map<String, Object> health = http().get().uri("/actuator/health").retrieve().body(JSON);

        assertThat(health).containsEntry("status", "UP");
        Map<String, Object> kvsync = (Map<String, Object>) ((Map<String, Object>) health.get("components")).get("kvsync");
        assertThat(kvsync).containsEntry("status", "UP");
        Map<String, Object> details = (Map<String, Object>) kvsync.get("details");
        assertThat(details).containsEntry("store", expectedStore())
                .containsEntry("marshaler", "BsonMarshaler").containsKeys("pending", "oldestPending", "storeFailingFor");
        if (deliversThroughAnOutbox()) {
            assertThat(details).containsKeys("outboxDepth", "outboxOldest");
        } else {
            assertThat(details).doesNotContainKey("outboxDepth");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void actuator_metrics_list_the_kvsync_meters_and_count_the_writes_per_entity() {
        customers.save(new Customer(email("metered"), "Metered"));
        awaitReplication();

        List<String> names = (List<String>) http().get().uri("/actuator/metrics").retrieve().body(JSON).get("names");
        assertThat(names).contains("kvsync.pending", "kvsync.writes.written", "kvsync.lag", "kvsync.store.write");
        Map<String, Object> written = http().get().uri("/actuator/metrics/kvsync.writes.written?tag=entity:Customer")
                .retrieve().body(JSON);
        List<Map<String, Object>> measurements = (List<Map<String, Object>>) written.get("measurements");
        assertThat(((Number) measurements.get(0).get("value")).doubleValue()).as("two keys per saved customer")
                .isGreaterThanOrEqualTo(2);
        Map<String, Object> lag = http().get().uri("/actuator/metrics/kvsync.lag?tag=entity:Customer").retrieve().body(JSON);
        assertThat((List<Map<String, Object>>) lag.get("measurements")).extracting(m -> m.get("statistic"))
                .contains("COUNT", "TOTAL_TIME", "MAX");
    }
}
