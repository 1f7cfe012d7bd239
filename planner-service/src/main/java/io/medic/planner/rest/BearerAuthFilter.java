package io.medic.planner.rest;

import io.medic.planner.service.ApiTokens;
import io.medic.planner.service.Caller;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import java.util.Optional;

/**
 * Every request to {@code /plans} carries {@code Authorization: Bearer <token>} of a known token, or is answered
 * 401 before any resource runs. The caller (subject and role) is handed to the resource as a request property.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class BearerAuthFilter implements ContainerRequestFilter {

    static final String CALLER = "medic.planner.caller";
    private static final String BEARER = "bearer ";

    private final ApiTokens tokens;

    public BearerAuthFilter(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!(path.equals("/plans") || path.startsWith("/plans/") || path.equals("plans") || path.startsWith("plans/"))) {
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        Optional<Caller> caller = header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? tokens.authenticate(header.substring(BEARER.length()))
                : Optional.empty();
        if (caller.isEmpty()) {
            request.abortWith(Response.fromResponse(ApiError.response(Response.Status.UNAUTHORIZED,
                            header == null ? "an Authorization: Bearer <token> header is required"
                                    : "the bearer token is not valid"))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"medic\"").build());
            return;
        }
        request.setProperty(CALLER, caller.get());
    }
}
