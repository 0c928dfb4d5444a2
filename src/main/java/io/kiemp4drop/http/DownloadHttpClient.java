package io.kiemp4drop.http;

import io.kiemp4drop.validation.DownloadUrlPolicy;
import java.time.Duration;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.Timeout;

/**
 * The pieces the download endpoint is built from: a connection manager whose DNS resolver enforces the
 * address policy and whose socket timeout is the idle timeout (a stalled body fails), and a configurer
 * that installs the guarded redirect strategy. Hand-written because camel-http checks nothing about where a
 * URL or a redirect leads; these hooks apply the policy to every hop and every connection it opens.
 */
public final class DownloadHttpClient {

    private DownloadHttpClient() {
    }

    public static PoolingHttpClientConnectionManager connectionManager(
            DownloadUrlPolicy policy, Duration connectTimeout, Duration idleTimeout, int maxConnections) {
        Timeout idle = Timeout.ofMilliseconds(idleTimeout.toMillis());
        return PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new GuardedDnsResolver(policy))
                .setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(idle).build())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofMilliseconds(connectTimeout.toMillis()))
                        .setSocketTimeout(idle)
                        .build())
                .setMaxConnTotal(maxConnections)
                .setMaxConnPerRoute(maxConnections)
                .build();
    }

    public static HttpClientConfigurer redirects(DownloadUrlPolicy policy) {
        GuardedRedirectStrategy strategy = new GuardedRedirectStrategy(policy);
        return (HttpClientBuilder builder) -> builder.setRedirectStrategy(strategy);
    }
}
