package dev.gyre.monitoring.alert;

import dev.gyre.core.GyreException;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Where outgoing webhooks may go (a guard against server-side request forgery). Nothing is allowed
 * until an administrator allow-lists hosts.
 *
 * <ul>
 *   <li>The URL must be https (http only with {@link Builder#allowPlainHttp}), have a host and no user info.</li>
 *   <li>The host must match the allow-list: an exact name ({@code hooks.example.com}), or {@code *.example.com}
 *       for any name below example.com (not example.com itself).</li>
 *   <li>The name is resolved and every address is checked. Loopback, private (10/8, 172.16/12, 192.168/16,
 *       100.64/10, fc00::/7) addresses are refused unless {@link Builder#allowPrivateAddresses} is set or the
 *       address is in an allow-listed CIDR; link-local addresses (169.254/16 including the cloud metadata
 *       address 169.254.169.254, fe80::/10) only when in an allow-listed CIDR. Unspecified (0.0.0.0, ::),
 *       multicast, broadcast and reserved addresses are always refused. IPv4-mapped, IPv4-compatible and
 *       NAT64 IPv6 forms are checked as the IPv4 address they carry.</li>
 *   <li>The caller connects to the returned, checked address ({@link Target#address()}), never to the
 *       name again, so a DNS answer that changes between check and connection cannot redirect it.</li>
 * </ul>
 */
public final class EgressPolicy {

    /** Resolves a host name to its addresses; the default is the system resolver. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** A checked destination: connect to {@code address}, present {@code host} (Host header, TLS name). */
    public record Target(URI uri, String scheme, String host, int port, InetAddress address) {
    }

    private final List<String> hosts;
    private final List<Cidr> cidrs;
    private final boolean allowPrivate;
    private final boolean allowHttp;
    private final Resolver resolver;

    private EgressPolicy(Builder b) {
        this.hosts = List.copyOf(b.hosts);
        this.cidrs = List.copyOf(b.cidrs);
        this.allowPrivate = b.allowPrivate;
        this.allowHttp = b.allowHttp;
        this.resolver = b.resolver;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Checks the URL's form and host against the allow-list, without resolving it. */
    public URI validate(String url) {
        if (url == null || url.isBlank()) {
            throw new GyreException.InvalidArgument("webhook URL is missing; give an https URL on an allow-listed host");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new GyreException.InvalidArgument("webhook URL '" + url + "' is not a valid URL (" + e.getReason()
                    + "); give e.g. https://hooks.example.com/gyre");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new GyreException.InvalidArgument("webhook URL scheme '" + (scheme.isEmpty() ? "(none)" : scheme)
                    + "' is not allowed; webhooks use https (or http when the egress policy allows plain http)");
        }
        if (scheme.equals("http") && !allowHttp) {
            throw new GyreException.InvalidArgument("webhook URL '" + url + "' uses plain http; use https, or let an "
                    + "administrator set allowPlainHttp in the egress policy");
        }
        if (uri.getRawUserInfo() != null) {
            throw new GyreException.InvalidArgument("webhook URL contains user info (user:password@); remove it — "
                    + "webhooks are authenticated by their signature, not by credentials in the URL");
        }
        String host = host(uri);
        if (host == null || host.isEmpty()) {
            throw new GyreException.InvalidArgument("webhook URL '" + url + "' has no host; give e.g. https://hooks.example.com/gyre");
        }
        if (!hostAllowed(host)) {
            throw new GyreException.PermissionDenied("webhook host '" + host + "' is not on the egress allow-list; "
                    + "an administrator must add it (exact name, or *.domain) to the allowed hosts setting");
        }
        return uri;
    }

    /**
     * Validates the URL, resolves its host and checks every address; returns the address to connect to.
     */
    public Target resolve(String url) {
        URI uri = validate(url);
        String host = host(uri);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new GyreException.InvalidArgument("webhook host '" + host + "' does not resolve; check the name");
        }
        if (addresses == null || addresses.length == 0) {
            throw new GyreException.InvalidArgument("webhook host '" + host + "' does not resolve; check the name");
        }
        for (InetAddress a : addresses) {
            String refusal = refusal(a);
            if (refusal != null) {
                throw new GyreException.PermissionDenied("webhook host '" + host + "' resolves to " + a.getHostAddress()
                        + ", " + refusal);
            }
        }
        return new Target(uri, scheme, host, port, addresses[0]);
    }

    private static String host(URI uri) {
        String host = uri.getHost();
        if (host == null) {
            return null;
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        host = host.toLowerCase(Locale.ROOT);
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    private boolean hostAllowed(String host) {
        for (String pattern : hosts) {
            if (pattern.startsWith("*.")) {
                if (host.endsWith(pattern.substring(1)) && host.length() > pattern.length() - 1) {
                    return true;
                }
            } else if (pattern.equals(host)) {
                return true;
            }
        }
        return false;
    }

    /** Null when the address may be used, else why not and what to change. */
    private String refusal(InetAddress address) {
        byte[] v4 = embeddedIpv4(address);
        InetAddress effective = address;
        if (v4 != null) {
            try {
                effective = InetAddress.getByAddress(v4);
            } catch (UnknownHostException e) {
                return "an address that cannot be checked";
            }
        }
        String always = alwaysRefused(effective);
        if (always != null) {
            return always + ", which is never a valid webhook destination; give the receiver's real address";
        }
        for (Cidr c : cidrs) {
            if (c.contains(effective) || c.contains(address)) {
                return null;
            }
        }
        String kind = restricted(effective);
        if (kind == null) {
            return null;
        }
        if (kind.equals("link-local")) {
            return "a link-local address (this range holds cloud metadata services); refused unless an administrator "
                    + "adds a CIDR covering it to the egress policy's allowed CIDRs";
        }
        if (allowPrivate) {
            return null;
        }
        return "a " + kind + " address; refused unless an administrator sets allowPrivateAddresses or adds a CIDR "
                + "covering it to the egress policy's allowed CIDRs";
    }

    private static String alwaysRefused(InetAddress a) {
        if (a.isAnyLocalAddress()) {
            return "the unspecified address";
        }
        if (a.isMulticastAddress()) {
            return "a multicast address";
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            if (first == 0) {
                return "an address in 0.0.0.0/8 (this network)";
            }
            if (first >= 240) {
                return "a reserved or broadcast address";
            }
        }
        return null;
    }

    private static String restricted(InetAddress a) {
        if (a.isLoopbackAddress()) {
            return "loopback";
        }
        if (a.isLinkLocalAddress()) {
            return "link-local";
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int b0 = b[0] & 0xff;
            int b1 = b[1] & 0xff;
            if (b0 == 10 || (b0 == 172 && b1 >= 16 && b1 <= 31) || (b0 == 192 && b1 == 168)) {
                return "private";
            }
            if (b0 == 100 && b1 >= 64 && b1 <= 127) {
                return "private (shared 100.64.0.0/10)";
            }
            if (b0 == 169 && b1 == 254) {
                return "link-local";
            }
            return null;
        }
        if (a.isSiteLocalAddress() || (b[0] & 0xfe) == 0xfc) {
            return "private";
        }
        if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80) {
            return "link-local";
        }
        return null;
    }

    /** The IPv4 address carried by an IPv4-mapped (::ffff:a.b.c.d), -compatible (::a.b.c.d) or NAT64 address. */
    private static byte[] embeddedIpv4(InetAddress a) {
        if (!(a instanceof Inet6Address)) {
            return null;
        }
        byte[] b = a.getAddress();
        boolean zeros = true;
        for (int i = 0; i < 10; i++) {
            zeros &= b[i] == 0;
        }
        boolean mapped = zeros && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = zeros && b[10] == 0 && b[11] == 0 && !(b[12] == 0 && b[13] == 0 && b[14] == 0);
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        for (int i = 4; nat64 && i < 12; i++) {
            nat64 = b[i] == 0;
        }
        if (mapped || compatible || nat64) {
            return new byte[] {b[12], b[13], b[14], b[15]};
        }
        return null;
    }

    private record Cidr(byte[] network, int prefix) {
        static Cidr parse(String text) {
            String t = text == null ? "" : text.trim();
            int slash = t.indexOf('/');
            String hint = "; write e.g. 10.1.2.0/24 or fd00::/8";
            if (slash < 0) {
                throw new GyreException.InvalidArgument("allowed CIDR '" + text + "' has no prefix length" + hint);
            }
            String addr = t.substring(0, slash);
            if (!addr.matches("[0-9a-fA-F:.]+")) {
                throw new GyreException.InvalidArgument("allowed CIDR '" + text + "' is not an IP range" + hint);
            }
            byte[] net;
            int prefix;
            try {
                net = InetAddress.getByName(addr).getAddress();
                prefix = Integer.parseInt(t.substring(slash + 1));
            } catch (UnknownHostException | NumberFormatException e) {
                throw new GyreException.InvalidArgument("allowed CIDR '" + text + "' is not an IP range" + hint);
            }
            if (prefix < 0 || prefix > net.length * 8) {
                throw new GyreException.InvalidArgument("allowed CIDR '" + text + "' has prefix length " + prefix
                        + ", outside 0.." + net.length * 8);
            }
            return new Cidr(net, prefix);
        }

        boolean contains(InetAddress a) {
            byte[] b = a.getAddress();
            if (b.length != network.length) {
                return false;
            }
            for (int i = 0; i < prefix; i++) {
                int mask = 0x80 >> (i % 8);
                if ((b[i / 8] & mask) != (network[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Settings of the policy; all off by default. */
    public static final class Builder {
        private final List<String> hosts = new ArrayList<>();
        private final List<Cidr> cidrs = new ArrayList<>();
        private boolean allowPrivate;
        private boolean allowHttp;
        private Resolver resolver = InetAddress::getAllByName;

        /** Allows a host: an exact name or IP literal, or {@code *.domain} for names below the domain. */
        public Builder allowHost(String host) {
            String h = host == null ? "" : host.trim().toLowerCase(Locale.ROOT);
            if (h.startsWith("[") && h.endsWith("]")) {
                h = h.substring(1, h.length() - 1);
            }
            if (h.endsWith(".")) {
                h = h.substring(0, h.length() - 1);
            }
            String rest = h.startsWith("*.") ? h.substring(2) : h;
            if (rest.isEmpty() || rest.contains("*") || rest.contains("/") || rest.contains("@")
                    || !rest.matches("[a-z0-9.:\\-_]+")) {
                throw new GyreException.InvalidArgument("allowed host '" + host
                        + "' is not a host name; write e.g. hooks.example.com or *.example.com");
            }
            hosts.add(h);
            return this;
        }

        /** Allows addresses in a range that would otherwise be refused (loopback, private, link-local). */
        public Builder allowCidr(String cidr) {
            cidrs.add(Cidr.parse(cidr));
            return this;
        }

        /** Allows loopback and private addresses (not link-local: use {@link #allowCidr} for that). */
        public Builder allowPrivateAddresses(boolean allow) {
            this.allowPrivate = allow;
            return this;
        }

        /** Allows plain http URLs; payloads then travel unencrypted (the signature still protects integrity). */
        public Builder allowPlainHttp(boolean allow) {
            this.allowHttp = allow;
            return this;
        }

        /** Replaces the system resolver (e.g. with one that uses a specific DNS server). */
        public Builder resolver(Resolver resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        public EgressPolicy build() {
            return new EgressPolicy(this);
        }
    }
}
