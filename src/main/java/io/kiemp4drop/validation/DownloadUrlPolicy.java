package io.kiemp4drop.validation;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Decides whether a video URL (or a redirect target, or an address a host name resolved to) may be
 * fetched. Only https (and http when allowed), no credentials in the URL, canonical host forms only,
 * the host allowlist when one is set, and no loopback, private, link-local, multicast or otherwise
 * non-public address unless that host or address is listed by name.
 */
public class DownloadUrlPolicy {

    /** Resolves a host name; replaceable so tests never need real DNS. */
    @FunctionalInterface
    public interface HostResolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private static final Pattern CANONICAL_IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern HOST_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\\.?");

    private final boolean allowHttp;
    private final Set<String> allowedHosts;
    private final HostResolver resolver;

    public DownloadUrlPolicy(boolean allowHttp, String allowedHostsCsv) {
        this(allowHttp, allowedHostsCsv, InetAddress::getAllByName);
    }

    public DownloadUrlPolicy(boolean allowHttp, String allowedHostsCsv, HostResolver resolver) {
        this.allowHttp = allowHttp;
        this.allowedHosts = allowedHostsCsv == null ? Set.of()
                : Arrays.stream(allowedHostsCsv.split(","))
                        .map(s -> s.trim().toLowerCase(Locale.ROOT))
                        .filter(s -> !s.isEmpty())
                        .collect(Collectors.toUnmodifiableSet());
        this.resolver = resolver;
    }

    /** Full check of a URL from an API response, DNS included. Returns the parsed URI. */
    public URI check(String url) {
        URI uri = checkWithoutResolving(url);
        resolveChecked(hostOf(uri));
        return uri;
    }

    /** Checks scheme, credentials, host form and allowlist; used for redirect targets, whose addresses the resolver checks at connect time. */
    public URI checkWithoutResolving(String url) {
        if (url == null || url.isBlank()) {
            throw new UrlRefusedException("no video URL in the response");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new UrlRefusedException("video URL is not a valid URL: " + LogSafe.quote(withoutQuery(url)));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            throw new UrlRefusedException("video URL scheme " + LogSafe.quote(scheme) + " is not allowed (https only"
                    + (allowHttp ? " or http" : "; set kie.download.allow-http=true to allow http") + ")");
        }
        if (uri.getRawUserInfo() != null || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@"))) {
            throw new UrlRefusedException("video URL carries credentials (user@host), which is not allowed");
        }
        String host = hostOf(uri);
        if (host.isEmpty()) {
            throw new UrlRefusedException("video URL has no valid host: " + LogSafe.quote(withoutQuery(url)));
        }
        boolean ipv6Literal = host.indexOf(':') >= 0;
        if (!ipv6Literal && !HOST_NAME.matcher(host).matches()) {
            throw new UrlRefusedException("video host " + LogSafe.quote(host) + " is not a valid host name");
        }
        if (!ipv6Literal && looksNumeric(host) && !CANONICAL_IPV4.matcher(host).matches()) {
            throw new UrlRefusedException("video host " + LogSafe.quote(host) + " is not a canonical address form");
        }
        if (!allowedHosts.isEmpty() && !isListed(host)) {
            throw new UrlRefusedException("video host " + LogSafe.quote(host) + " is not in kie.download.allowed-hosts");
        }
        return uri;
    }

    /** Resolves a host and refuses it when any address is not public, unless host or address is listed. */
    public InetAddress[] resolveChecked(String host) {
        String normalized = host.toLowerCase(Locale.ROOT);
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(normalized);
        } catch (UnknownHostException e) {
            throw new UrlRefusedException("video host " + LogSafe.quote(host) + " does not resolve");
        }
        boolean hostListed = allowedHosts.contains(normalized);
        for (InetAddress address : addresses) {
            if (!hostListed && !isPublic(address) && !allowedHosts.contains(address.getHostAddress())) {
                throw new UrlRefusedException("video host " + LogSafe.quote(host) + " resolves to non-public address "
                        + address.getHostAddress() + " (list it in kie.download.allowed-hosts to allow it)");
            }
        }
        return addresses;
    }

    private boolean isListed(String host) {
        if (allowedHosts.contains(host)) {
            return true;
        }
        return allowedHosts.stream().anyMatch(entry -> entry.startsWith("*.") && host.endsWith(entry.substring(1)));
    }

    private static boolean looksNumeric(String host) {
        String last = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        last = last.substring(last.lastIndexOf('.') + 1);
        return !last.isEmpty() && (last.chars().allMatch(Character::isDigit) || last.startsWith("0x"));
    }

    private static String hostOf(URI uri) {
        String host = uri.getHost();
        if (host == null) {
            return "";
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host;
    }

    /** True for addresses on the public internet; false for every special-purpose range. */
    public static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return isPublicIpv4(b);
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return false; // fc00::/7 unique local
            }
            if (allZero(b, 0, 10) && ((b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff || allZero(b, 10, 12))) {
                return isPublicIpv4(Arrays.copyOfRange(b, 12, 16)); // IPv4-mapped or IPv4-compatible
            }
            if (first == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
                return isPublicIpv4(Arrays.copyOfRange(b, 12, 16)); // 64:ff9b::/96 NAT64
            }
            if (first == 0x20 && (b[1] & 0xff) == 0x02) {
                return isPublicIpv4(Arrays.copyOfRange(b, 2, 6)); // 2002::/16 6to4
            }
            if (first == 0x20 && (b[1] & 0xff) == 0x01 && b[2] == 0 && b[3] == 0) {
                return false; // 2001::/32 Teredo
            }
            return true;
        }
        return false;
    }

    private static boolean isPublicIpv4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        return !(a0 == 0 || a0 == 10 || a0 == 127 || a0 >= 224
                || a0 == 100 && (a1 & 0xc0) == 64       // 100.64/10 carrier-grade NAT
                || a0 == 169 && a1 == 254               // link-local, cloud metadata
                || a0 == 172 && (a1 & 0xf0) == 16       // 172.16/12
                || a0 == 192 && a1 == 168               // 192.168/16
                || a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2)
                || a0 == 198 && (a1 & 0xfe) == 18       // 198.18/15 benchmarking
                || a0 == 198 && a1 == 51 && a2 == 100
                || a0 == 203 && a1 == 0 && a2 == 113);
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** scheme://host[:port]/path of a URL: signed query strings and fragments never reach logs or files. */
    public static String withoutQuery(String url) {
        if (url == null) {
            return null;
        }
        int cut = url.length();
        int q = url.indexOf('?');
        int h = url.indexOf('#');
        if (q >= 0) {
            cut = q;
        }
        if (h >= 0 && h < cut) {
            cut = h;
        }
        return url.substring(0, cut);
    }
}
