package com.example.videos;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class VideosApplication {

    public static void main(String[] args) {
        try {
            SpringApplication.run(VideosApplication.class, args);
        } catch (RuntimeException startFailed) {
            // already logged by Spring Boot; Camel's run controller thread would keep the process alive without
            // a running route
            System.exit(1);
        }
    }
}
