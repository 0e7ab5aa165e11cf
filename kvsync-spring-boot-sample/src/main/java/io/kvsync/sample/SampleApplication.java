package io.kvsync.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Data JPA application with KVSync: every customer the repository saves is replicated after the
 * commit under its id and its email, and read back by either without the database ({@link CustomerLookup}).
 * Nothing here builds or registers KVSync: the starter does, from {@code application.yaml}.
 */
@SpringBootApplication
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
