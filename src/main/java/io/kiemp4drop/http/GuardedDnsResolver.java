package io.kiemp4drop.http;

import io.kiemp4drop.validation.DownloadUrlPolicy;
import java.net.InetAddress;
import org.apache.hc.client5.http.DnsResolver;

/**
 * Every connection the download client opens resolves its host here, so the address policy holds for
 * redirect targets too and a host cannot pass the check with one address and connect to another.
 */
public class GuardedDnsResolver implements DnsResolver {

    private final DownloadUrlPolicy policy;

    public GuardedDnsResolver(DownloadUrlPolicy policy) {
        this.policy = policy;
    }

    @Override
    public InetAddress[] resolve(String host) {
        return policy.resolveChecked(host);
    }

    @Override
    public String resolveCanonicalHostname(String host) {
        return host;
    }
}
