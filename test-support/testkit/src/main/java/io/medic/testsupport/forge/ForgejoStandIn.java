package io.medic.testsupport.forge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small real HTTP server speaking the part of Forgejo's API (v1) the notifier uses, holding issues such
 * as {@code forgejo_admin/basketball-api#183}: list an issue's comments ({@code page}/{@code limit} with
 * {@code Link} and {@code X-Total-Count} headers), create a comment, read and edit the issue's state, add
 * labels by name, list and create issues. Requests need {@code Authorization: token <token>} (401
 * otherwise). Comments can be read back by a test or the demo, over the API or with {@link #comments}.
 * {@link #failNext} makes it answer 429 (with {@code Retry-After}) or 5xx for fault tests.
 *
 * <p>Run alone for the demo: {@code java -cp … io.medic.testsupport.forge.ForgejoStandIn --port 3000
 * --token T --issue forgejo_admin/basketball-api#183} (the token may come from {@code FORGE_TOKEN}).
 */
public final class ForgejoStandIn implements AutoCloseable {

    private static final Pattern ISSUE = Pattern.compile("/api/v1/repos/([^/]+)/([^/]+)/issues/([0-9]+)(/comments|/labels)?");
    private static final Pattern ISSUES = Pattern.compile("/api/v1/repos/([^/]+)/([^/]+)/issues");
    private static final Pattern REFERENCE = Pattern.compile("([^/\\s]+)/([^#\\s]+)#([0-9]+)");
    private static final int DEFAULT_LIMIT = 30;
    private static final int MAX_LIMIT = 50;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService executor;
    private final String token;
    private final Map<String, Issue> issues = new LinkedHashMap<>();
    private final List<Fault> faults = new ArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private long nextCommentId = 1000;

    /** One comment as the stand-in holds it. */
    public record Comment(long id, String user, String body, Instant createdAt) {
    }

    private static final class Issue {
        final String owner;
        final String repo;
        final long number;
        final String title;
        final String body;
        boolean open = true;
        final Set<String> labels = new LinkedHashSet<>();
        final List<Comment> comments = new ArrayList<>();

        Issue(String owner, String repo, long number, String title, String body) {
            this.owner = owner;
            this.repo = repo;
            this.number = number;
            this.title = title;
            this.body = body;
        }
    }

    private record Fault(int status, Integer retryAfterSeconds, int[] remaining) {
    }

    private ForgejoStandIn(HttpServer server, String token) {
        this.server = server;
        this.token = token;
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "forgejo-stand-in");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts on a free loopback port. */
    public static ForgejoStandIn start(String token) {
        return start(0, token);
    }

    public static ForgejoStandIn start(int port, String token) {
        try {
            return new ForgejoStandIn(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0), token);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Forgejo stand-in on port " + port, e);
        }
    }

    /** The forge's root URL, e.g. {@code http://127.0.0.1:41234} (the API is under {@code /api/v1}). */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Adds an open issue; {@code reference} is {@code owner/repo#number}. */
    public synchronized ForgejoStandIn addIssue(String reference, String title) {
        Matcher m = REFERENCE.matcher(reference);
        if (!m.matches()) {
            throw new IllegalArgumentException("not owner/repo#number: " + reference);
        }
        Issue issue = new Issue(m.group(1), m.group(2), Long.parseLong(m.group(3)), title, "");
        issues.put(key(issue.owner, issue.repo, issue.number), issue);
        return this;
    }

    /** The issue's comments, oldest first. */
    public synchronized List<Comment> comments(String reference) {
        return List.copyOf(issue(reference).comments);
    }

    public synchronized boolean isOpen(String reference) {
        return issue(reference).open;
    }

    public synchronized Set<String> labels(String reference) {
        return Set.copyOf(issue(reference).labels);
    }

    /** Adds a comment as a person would (for tests of what the notifier does with comments it did not write). */
    public synchronized void addComment(String reference, String user, String body) {
        issue(reference).comments.add(new Comment(nextCommentId++, user, body, Instant.now()));
    }

    /** Closes or reopens the issue as a person would. */
    public synchronized void setOpen(String reference, boolean open) {
        issue(reference).open = open;
    }

    /** The next {@code count} requests (any path) answer {@code status}, with {@code Retry-After} when given. */
    public synchronized void failNext(int count, int status, Integer retryAfterSeconds) {
        faults.add(new Fault(status, retryAfterSeconds, new int[]{count}));
    }

    /** Every request as {@code METHOD path?query}, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private Issue issue(String reference) {
        Matcher m = REFERENCE.matcher(reference);
        if (!m.matches()) {
            throw new IllegalArgumentException("not owner/repo#number: " + reference);
        }
        Issue issue = issues.get(key(m.group(1), m.group(2), Long.parseLong(m.group(3))));
        if (issue == null) {
            throw new IllegalArgumentException("no issue " + reference);
        }
        return issue;
    }

    private static String key(String owner, String repo, long number) {
        return owner + "/" + repo + "#" + number;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            URI uri = exchange.getRequestURI();
            String method = exchange.getRequestMethod();
            requests.add(method + " " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
            byte[] body = exchange.getRequestBody().readAllBytes();
            Optional<Fault> fault = takeFault();
            if (fault.isPresent()) {
                if (fault.get().retryAfterSeconds() != null) {
                    exchange.getResponseHeaders().add("Retry-After", String.valueOf(fault.get().retryAfterSeconds()));
                }
                reply(exchange, fault.get().status(), message("injected fault"));
                return;
            }
            if (!("token " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                reply(exchange, 401, message("token is required"));
                return;
            }
            synchronized (this) {
                route(exchange, method, uri, body);
            }
        } catch (RuntimeException e) {
            reply(exchange, 500, message(e.toString()));
        } finally {
            exchange.close();
        }
    }

    private synchronized Optional<Fault> takeFault() {
        while (!faults.isEmpty()) {
            Fault f = faults.get(0);
            if (f.remaining()[0] > 0) {
                f.remaining()[0]--;
                return Optional.of(f);
            }
            faults.remove(0);
        }
        return Optional.empty();
    }

    private void route(HttpExchange exchange, String method, URI uri, byte[] body) throws IOException {
        String path = uri.getRawPath();
        Map<String, String> query = query(uri.getRawQuery());
        Matcher one = ISSUE.matcher(path);
        Matcher many = ISSUES.matcher(path);
        if (one.matches()) {
            Issue issue = issues.get(key(one.group(1), one.group(2), Long.parseLong(one.group(3))));
            if (issue == null) {
                reply(exchange, 404, message("issue does not exist"));
                return;
            }
            String sub = one.group(4);
            if (sub == null && method.equals("GET")) {
                reply(exchange, 200, issueJson(issue));
            } else if (sub == null && method.equals("PATCH")) {
                JsonNode edit = json.readTree(body);
                if (edit.has("state")) {
                    issue.open = !"closed".equals(edit.get("state").asText());
                }
                reply(exchange, 201, issueJson(issue));
            } else if ("/comments".equals(sub) && method.equals("GET")) {
                listComments(exchange, uri, issue, query);
            } else if ("/comments".equals(sub) && method.equals("POST")) {
                JsonNode create = json.readTree(body);
                if (!create.hasNonNull("body")) {
                    reply(exchange, 422, message("body is required"));
                    return;
                }
                Comment comment = new Comment(nextCommentId++, "medic-bot", create.get("body").asText(), Instant.now());
                issue.comments.add(comment);
                reply(exchange, 201, commentJson(issue, comment));
            } else if ("/labels".equals(sub) && method.equals("POST")) {
                json.readTree(body).path("labels").forEach(l -> issue.labels.add(l.asText()));
                ArrayNode labels = json.createArrayNode();
                issue.labels.forEach(l -> labels.addObject().put("name", l));
                reply(exchange, 200, labels);
            } else {
                reply(exchange, 405, message("method not allowed"));
            }
        } else if (many.matches() && method.equals("GET")) {
            List<Issue> matching = issues.values().stream()
                    .filter(i -> i.owner.equals(many.group(1)) && i.repo.equals(many.group(2)))
                    .filter(i -> !"open".equals(query.get("state")) || i.open).toList();
            ArrayNode page = json.createArrayNode();
            page(matching, query).forEach(i -> page.add(issueJson(i)));
            reply(exchange, 200, page);
        } else if (many.matches() && method.equals("POST")) {
            JsonNode create = json.readTree(body);
            long number = issues.values().stream().filter(i -> i.owner.equals(many.group(1)) && i.repo.equals(many.group(2)))
                    .mapToLong(i -> i.number).max().orElse(0) + 1;
            Issue issue = new Issue(many.group(1), many.group(2), number, create.path("title").asText(),
                    create.path("body").asText(""));
            issues.put(key(issue.owner, issue.repo, number), issue);
            reply(exchange, 201, issueJson(issue));
        } else {
            reply(exchange, 404, message("not found"));
        }
    }

    private void listComments(HttpExchange exchange, URI uri, Issue issue, Map<String, String> query) throws IOException {
        int limit = limit(query);
        int page = Math.max(1, Integer.parseInt(query.getOrDefault("page", "1")));
        int pages = Math.max(1, (issue.comments.size() + limit - 1) / limit);
        ArrayNode out = json.createArrayNode();
        page(issue.comments, query).forEach(c -> out.add(commentJson(issue, c)));
        exchange.getResponseHeaders().add("X-Total-Count", String.valueOf(issue.comments.size()));
        List<String> links = new ArrayList<>();
        String base = baseUrl() + uri.getRawPath() + "?limit=" + limit + "&page=";
        if (page < pages) {
            links.add("<" + base + (page + 1) + ">; rel=\"next\"");
            links.add("<" + base + pages + ">; rel=\"last\"");
        }
        if (page > 1) {
            links.add("<" + base + "1>; rel=\"first\"");
            links.add("<" + base + (page - 1) + ">; rel=\"prev\"");
        }
        if (!links.isEmpty()) {
            exchange.getResponseHeaders().add("Link", String.join(",", links));
        }
        reply(exchange, 200, out);
    }

    private static <T> List<T> page(List<T> all, Map<String, String> query) {
        int limit = limit(query);
        int page = Math.max(1, Integer.parseInt(query.getOrDefault("page", "1")));
        int from = Math.min(all.size(), (page - 1) * limit);
        return all.subList(from, Math.min(all.size(), from + limit));
    }

    private static int limit(Map<String, String> query) {
        int limit = Integer.parseInt(query.getOrDefault("limit", String.valueOf(DEFAULT_LIMIT)));
        return Math.max(1, Math.min(MAX_LIMIT, limit));
    }

    private ObjectNode issueJson(Issue issue) {
        ObjectNode node = json.createObjectNode();
        node.put("id", issue.number);
        node.put("number", issue.number);
        node.put("title", issue.title);
        node.put("body", issue.body);
        node.put("state", issue.open ? "open" : "closed");
        node.put("html_url", baseUrl() + "/" + issue.owner + "/" + issue.repo + "/issues/" + issue.number);
        ArrayNode labels = node.putArray("labels");
        issue.labels.forEach(l -> labels.addObject().put("name", l));
        return node;
    }

    private ObjectNode commentJson(Issue issue, Comment comment) {
        ObjectNode node = json.createObjectNode();
        node.put("id", comment.id());
        node.put("body", comment.body());
        node.putObject("user").put("login", comment.user());
        node.put("created_at", comment.createdAt().toString());
        node.put("issue_url", baseUrl() + "/api/v1/repos/" + issue.owner + "/" + issue.repo + "/issues/" + issue.number);
        return node;
    }

    private ObjectNode message(String text) {
        return json.createObjectNode().put("message", text);
    }

    private void reply(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }

    /** {@code --port N --token T --issue owner/repo#n [--issue …]}; runs until killed. */
    public static void main(String[] args) throws InterruptedException {
        int port = 3000;
        String token = System.getenv().getOrDefault("FORGE_TOKEN", "");
        List<String> refs = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--token" -> token = args[i + 1];
                case "--issue" -> refs.add(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (token.isBlank()) {
            throw new IllegalArgumentException("a token is needed (--token or FORGE_TOKEN)");
        }
        ForgejoStandIn forge = start(port, token);
        refs.forEach(r -> forge.addIssue(r, "issue " + r));
        System.out.println("Forgejo stand-in at " + forge.baseUrl() + " holding " + refs);
        Thread.currentThread().join();
    }
}
