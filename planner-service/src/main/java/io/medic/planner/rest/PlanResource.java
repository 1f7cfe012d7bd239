package io.medic.planner.rest;

import io.medic.planner.domain.PlanBook;
import io.medic.planner.domain.PlanStatus;
import io.medic.planner.domain.TrackedPlan;
import io.medic.planner.listener.TopicView;
import io.medic.planner.service.Caller;
import io.medic.planner.service.DecisionResult;
import io.medic.planner.service.DecisionService;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The approval API: list plans, read one, approve or reject it. Thin: it validates the request and hands it to
 * {@link DecisionService}; the view it answers from is rebuilt from the topics.
 */
@Path("/plans")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "plans", description = "Recovery plans and their approval")
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "A token of role viewer (read) or approver (read and decide)")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "401", description = "No valid bearer token",
        content = @Content(schema = @Schema(implementation = ApiError.class)))
@APIResponse(responseCode = "503", description = "The view is still catching up with the topics, or Kafka did"
        + " not confirm a decision", content = @Content(schema = @Schema(implementation = ApiError.class)))
public class PlanResource {

    private static final int MAX_LIMIT = 1000;

    private final PlanBook book;
    private final DecisionService decisions;
    private final TopicView view;
    private final Clock clock;

    public PlanResource(PlanBook book, DecisionService decisions, TopicView view, Clock clock) {
        this.book = book;
        this.decisions = decisions;
        this.view = view;
        this.clock = clock;
    }

    @GET
    @Operation(summary = "List plans, newest first, optionally by status")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = PlanViews.PlanLine.class)))
    @APIResponse(responseCode = "400", description = "Unknown status",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response list(@Parameter(description = "awaiting, approved, rejected, superseded, expired, executing or done")
                         @QueryParam("status") String status,
                         @Parameter(description = "at most this many plans, newest first (1..1000, default 100)")
                         @QueryParam("limit") @DefaultValue("100") int limit) {
        if (!view.caughtUp()) {
            return catchingUp();
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            return ApiError.response(Response.Status.BAD_REQUEST, "limit must be between 1 and " + MAX_LIMIT);
        }
        Instant now = clock.instant();
        List<TrackedPlan> plans;
        if (status == null || status.isBlank()) {
            plans = book.find(t -> true);
        } else {
            Optional<PlanStatus> wanted = PlanStatus.ofApiName(status.strip());
            if (wanted.isEmpty()) {
                return ApiError.response(Response.Status.BAD_REQUEST, "unknown status '" + status + "'; one of "
                        + List.of(PlanStatus.values()).stream().map(PlanStatus::apiName).toList());
            }
            plans = book.withStatus(wanted.get(), now);
        }
        return Response.ok(plans.stream().limit(limit).map(t -> PlanViews.PlanLine.of(t, now)).toList()).build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One plan: the plan, its status, its diagnosis table, its decision and execution so far")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = PlanViews.PlanDetail.class)))
    @APIResponse(responseCode = "404", description = "No such plan",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response get(@PathParam("id") String id) {
        if (!view.caughtUp()) {
            return catchingUp();
        }
        return book.get(id).map(t -> Response.ok(PlanViews.PlanDetail.of(t, clock.instant())).build())
                .orElseGet(() -> notFound(id));
    }

    @POST
    @Path("/{id}/approve")
    @Operation(summary = "Approve the plan with the digest you reviewed; idempotent",
            description = "Answers once Kafka confirmed the decision on medic.decisions. A second identical approval"
                    + " answers 200 with the first decision.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = DecisionRequests.Approve.class)))
    @APIResponse(responseCode = "200", description = "Approved (now or before)",
            content = @Content(schema = @Schema(implementation = io.medic.events.Decision.class)))
    @APIResponse(responseCode = "403", description = "The token's role is viewer")
    @APIResponse(responseCode = "404", description = "No such plan")
    @APIResponse(responseCode = "409", description = "The digest is not the plan's, the plan was rejected, or it has"
            + " nothing to execute")
    @APIResponse(responseCode = "410", description = "The plan expired or was superseded")
    @APIResponse(responseCode = "422", description = "The body is not {\"digest\": …, \"comment\": …}")
    public Response approve(@PathParam("id") String id, String body, @Context ContainerRequestContext request) {
        Caller caller = (Caller) request.getProperty(BearerAuthFilter.CALLER);
        if (!caller.mayDecide()) {
            return forbidden(caller);
        }
        if (!view.caughtUp()) {
            return catchingUp();
        }
        if (book.get(id).isEmpty()) {
            return notFound(id);
        }
        DecisionRequests.Approve approve;
        try {
            approve = DecisionRequests.approve(body);
        } catch (DecisionRequests.Invalid e) {
            return ApiError.response(422, e.getMessage());
        }
        return answer(decisions.approve(id, approve.digest(), approve.comment(), caller));
    }

    @POST
    @Path("/{id}/reject")
    @Operation(summary = "Reject the plan, with the reason; idempotent")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = DecisionRequests.Reject.class)))
    @APIResponse(responseCode = "200", description = "Rejected (now or before)",
            content = @Content(schema = @Schema(implementation = io.medic.events.Decision.class)))
    @APIResponse(responseCode = "403", description = "The token's role is viewer")
    @APIResponse(responseCode = "404", description = "No such plan")
    @APIResponse(responseCode = "409", description = "The plan was approved already")
    @APIResponse(responseCode = "410", description = "The plan expired or was superseded")
    @APIResponse(responseCode = "422", description = "The body is not {\"reason\": …}")
    public Response reject(@PathParam("id") String id, String body, @Context ContainerRequestContext request) {
        Caller caller = (Caller) request.getProperty(BearerAuthFilter.CALLER);
        if (!caller.mayDecide()) {
            return forbidden(caller);
        }
        if (!view.caughtUp()) {
            return catchingUp();
        }
        if (book.get(id).isEmpty()) {
            return notFound(id);
        }
        DecisionRequests.Reject reject;
        try {
            reject = DecisionRequests.reject(body);
        } catch (DecisionRequests.Invalid e) {
            return ApiError.response(422, e.getMessage());
        }
        return answer(decisions.reject(id, reject.reason(), caller));
    }

    private static Response answer(DecisionResult result) {
        return switch (result) {
            case DecisionResult.Decided d -> Response.ok(d.decision()).build();
            case DecisionResult.NotFound n -> notFound(n.planId());
            case DecisionResult.Gone g -> ApiError.response(Response.Status.GONE, g.reason());
            case DecisionResult.Conflict c -> ApiError.response(Response.Status.CONFLICT, c.reason());
            case DecisionResult.Unavailable u -> Response.fromResponse(
                    ApiError.response(Response.Status.SERVICE_UNAVAILABLE, u.reason())).header("Retry-After", "5").build();
        };
    }

    private static Response forbidden(Caller caller) {
        return ApiError.response(Response.Status.FORBIDDEN, caller.subject() + " is a viewer: deciding needs the"
                + " approver role");
    }

    private static Response notFound(String id) {
        return ApiError.response(Response.Status.NOT_FOUND, "no plan " + id);
    }

    private static Response catchingUp() {
        return Response.fromResponse(ApiError.response(Response.Status.SERVICE_UNAVAILABLE,
                "the planner is still reading its state from the topics")).header("Retry-After", "2").build();
    }
}
