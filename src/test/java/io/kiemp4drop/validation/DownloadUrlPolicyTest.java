package io.kiemp4drop.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The URL policy on its own, with a scripted resolver: no DNS, no network. */
class DownloadUrlPolicyTest {

    private final List<String> lookups = new CopyOnWriteArrayList<>();
    private final Map<String, String> dns = Map.of(
            "tempfile.aiquickdraw.com", "104.21.3.4",
            "cdn.example.com", "93.184.216.34",
            "rebind.example.com", "10.1.2.3",
            "metadata.example.com", "169.254.169.254");

    private DownloadUrlPolicy policy(boolean allowHttp, String allowed) {
        return new DownloadUrlPolicy(allowHttp, allowed, host -> {
            lookups.add(host);
            String address = dns.get(host);
            if (address != null) {
                return new InetAddress[] {InetAddress.getByName(address)};
            }
            if (host.matches("[0-9.]+|[0-9a-f:]+")) {
                return new InetAddress[] {InetAddress.getByName(host)};
            }
            throw new UnknownHostException(host);
        });
    }

    @Test
    void acceptsAPublicHttpsUrl() {
        assertThat(policy(false, "").check("https://tempfile.aiquickdraw.com/v/abc.mp4?sig=1").getHost())
                .isEqualTo("tempfile.aiquickdraw.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "file:///etc/passwd", "ftp://cdn.example.com/v.mp4", "jar:https://cdn.example.com/a.jar!/v.mp4",
        "gopher://cdn.example.com/", "http://cdn.example.com/v.mp4", "//cdn.example.com/v.mp4", "not a url",
        "https://user:pw@cdn.example.com/v.mp4", "https://cdn.example.com@10.0.0.1/v.mp4",
        "https://127.0.0.1/v.mp4", "https://127.9.9.9/v.mp4", "https://[::1]/v.mp4", "https://10.0.0.8/v.mp4",
        "https://172.16.0.1/v.mp4", "https://172.31.255.255/v.mp4", "https://192.168.1.1/v.mp4",
        "https://169.254.169.254/latest/meta-data", "https://0.0.0.0/v.mp4", "https://[::ffff:127.0.0.1]/v.mp4",
        "https://[::ffff:a9fe:a9fe]/v.mp4", "https://[fd00::1]/v.mp4", "https://[fe80::1]/v.mp4",
        "https://224.0.0.1/v.mp4", "https://100.64.0.1/v.mp4", "https://2130706433/v.mp4",
        "https://0x7f.0.0.1/v.mp4", "https://0177.0.0.1/v.mp4", "https://127.1/v.mp4",
        "https://rebind.example.com/v.mp4", "https://metadata.example.com/v.mp4", "https://nxdomain.example/v.mp4",
        "https://bad_host.example.com/v.mp4", "https://[64:ff9b::a00:1]/v.mp4", "https://[2002:a00:1::]/v.mp4"})
    void refusesSchemesCredentialsAndNonPublicAddresses(String url) {
        assertThatThrownBy(() -> policy(false, "").check(url)).isInstanceOf(UrlRefusedException.class);
    }

    @Test
    void refusedUrlsNeverMentionTheirQueryString() {
        assertThatThrownBy(() -> policy(false, "").check("https://x y/v.mp4?sig=TOPSECRET"))
                .hasMessageNotContaining("TOPSECRET");
    }

    @Test
    void theAllowlistLimitsHostsAndCanAdmitAPrivateAddressByName() {
        DownloadUrlPolicy p = policy(false, "tempfile.aiquickdraw.com, rebind.example.com, *.cdn.example.com");
        assertThat(p.check("https://tempfile.aiquickdraw.com/v.mp4")).isNotNull();
        assertThat(p.check("https://rebind.example.com/v.mp4")).isNotNull();
        assertThatThrownBy(() -> p.check("https://cdn.example.com/v.mp4"))
                .hasMessageContaining("not in kie.download.allowed-hosts");
        assertThatThrownBy(() -> p.check("https://tempfile.aiquickdraw.com.evil.com/v.mp4"))
                .hasMessageContaining("not in kie.download.allowed-hosts");
    }

    @Test
    void aHostOutsideTheAllowlistIsNotEvenResolved() {
        assertThatThrownBy(() -> policy(false, "tempfile.aiquickdraw.com").check("https://cdn.example.com/v.mp4"));
        assertThat(lookups).isEmpty();
    }

    @Test
    void httpOnlyWhenAllowed() {
        assertThat(policy(true, "").check("http://cdn.example.com/v.mp4")).isNotNull();
    }

    @Test
    void stripsQueryAndFragmentForLogs() {
        assertThat(DownloadUrlPolicy.withoutQuery("https://h/p/v.mp4?X-Amz-Signature=abc#t=1")).isEqualTo("https://h/p/v.mp4");
    }
}
