package io.kiemp4drop.http;

import io.kiemp4drop.validation.DownloadUrlPolicy;
import java.net.URI;
import org.apache.hc.client5.http.impl.DefaultRedirectStrategy;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.protocol.HttpContext;

/** Follows a redirect only when its target passes the same URL policy as the original video URL. */
public class GuardedRedirectStrategy extends DefaultRedirectStrategy {

    private final DownloadUrlPolicy policy;

    public GuardedRedirectStrategy(DownloadUrlPolicy policy) {
        this.policy = policy;
    }

    @Override
    public URI getLocationURI(HttpRequest request, HttpResponse response, HttpContext context) throws HttpException {
        URI target = super.getLocationURI(request, response, context);
        policy.checkWithoutResolving(target.toString());
        return target;
    }
}
