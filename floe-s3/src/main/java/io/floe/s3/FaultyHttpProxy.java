package io.floe.s3;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A loopback HTTP/1.1 proxy in front of an S3 server that breaks chosen requests the ways networks
 * and servers do: a 503 SlowDown or a 500 instead of an answer, a connection reset before the request
 * is forwarded, in the middle of its body, or after the server has applied it (the response is lost).
 * Everything else is forwarded unchanged (signatures stay valid: the Host header is the proxy's, as
 * signed). One request per connection: it answers {@code Connection: close}, which the client honours.
 *
 * <p>Bounded: socket timeouts on both sides, daemon threads, and {@link #close()} stops everything.
 *
 * <p>In main code (not only the tests') because {@code floe lab run s3-semantics} puts it in front of its embedded
 * server to show what latency and throttling do to a workload; it needs nothing but the JDK.
 */
public final class FaultyHttpProxy implements Closeable {
    public enum Fault {
        /** 503 SlowDown, request not forwarded. */
        SLOW_DOWN,
        /** 500 InternalError, request not forwarded. */
        INTERNAL_ERROR,
        /** 409 ConditionalRequestConflict (a concurrent conditional write of the key), request not forwarded. */
        CONDITIONAL_CONFLICT,
        /** Connection reset after reading the request head; nothing forwarded. */
        RESET_BEFORE_FORWARD,
        /** Part of the body read, then the connection is reset; nothing forwarded. */
        RESET_MID_BODY,
        /** Forwarded and answered by the server, then the connection is reset instead of relaying the answer. */
        RESET_AFTER_APPLIED,
        /** Forwarded and applied, but answered with 503 SlowDown (a middlebox that timed out on the server). */
        SLOW_DOWN_AFTER_APPLIED,
        /** Forwarded; the answer's head and part of its body are relayed, then the connection is reset. */
        RESET_MID_ANSWER
    }

    private enum Answer { RELAY, RESET, SLOW_DOWN, RESET_MID_BODY }

    /** What the proxy saw of a request. {@code query} is the raw query string ("" if none). */
    public record Request(String method, String path, String query, Map<String, String> headers) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** A PutObject with If-None-Match: the commit request. */
        public boolean conditionalPut() {
            return method.equals("PUT") && "*".equals(header("if-none-match"));
        }

        public boolean hasQueryParam(String name) {
            for (String p : query.split("&")) {
                if (p.equals(name) || p.startsWith(name + "=")) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return method + " " + path + (query.isEmpty() ? "" : "?" + query);
        }
    }

    /** A rule: the first {@code times} requests matching {@code when} get {@code fault}. */
    public static final class Rule {
        final Predicate<Request> when;
        final Fault fault;
        final AtomicInteger remaining;
        final AtomicInteger fired = new AtomicInteger();

        Rule(Predicate<Request> when, Fault fault, int times) {
            this.when = when;
            this.fault = fault;
            this.remaining = new AtomicInteger(times);
        }

        public int fired() {
            return fired.get();
        }
    }

    private static final int TIMEOUT_MILLIS = 15_000;

    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "faulty-http-proxy");
        t.setDaemon(true);
        return t;
    });
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<Request> seen = Collections.synchronizedList(new ArrayList<>());
    private final List<Request> faulted = Collections.synchronizedList(new ArrayList<>());
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private volatile long latencyMillis;

    private FaultyHttpProxy(String upstreamEndpoint) throws IOException {
        java.net.URI u = java.net.URI.create(upstreamEndpoint);
        this.upstream = new InetSocketAddress(u.getHost(), u.getPort());
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.submit(this::acceptLoop);
    }

    /** Starts a proxy in front of {@code upstreamEndpoint} (http://host:port) on an ephemeral loopback port. */
    public static FaultyHttpProxy start(String upstreamEndpoint) {
        try {
            return new FaultyHttpProxy(upstreamEndpoint);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the test proxy", e);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Store options of a server (its {@code s3.endpoint} and credentials) with the endpoint pointing at this proxy. */
    public Map<String, String> options(Map<String, String> serverOptions) {
        Map<String, String> o = new LinkedHashMap<>(serverOptions);
        o.put("s3.endpoint", endpoint());
        return o;
    }

    public Rule inject(Fault fault, int times, Predicate<Request> when) {
        Rule r = new Rule(when, fault, times);
        rules.add(r);
        return r;
    }

    public void clearRules() {
        rules.clear();
    }

    /**
     * Delays every request by {@code millis} before it is forwarded or answered (0: none): a server that far away. One
     * request per connection, so each request pays it once, as a round trip to a remote store does.
     */
    public void latency(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("latency must not be negative: " + millis);
        }
        this.latencyMillis = millis;
    }

    /** Every request seen so far, in arrival order. */
    public List<Request> requests() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    /** The requests a rule answered with a fault (the same objects as in {@link #requests()}), in arrival order. */
    public List<Request> faulted() {
        synchronized (faulted) {
            return List.copyOf(faulted);
        }
    }

    public void clearRequests() {
        seen.clear();
        faulted.clear();
    }

    private Fault faultFor(Request r) {
        for (Rule rule : rules) {
            if (rule.when.test(r) && rule.remaining.getAndUpdate(n -> n > 0 ? n - 1 : n) > 0) {
                rule.fired.incrementAndGet();
                return rule.fault;
            }
        }
        return null;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                open.add(s);
                threads.submit(() -> {
                    try (s) {
                        handle(s);
                    } catch (IOException | RuntimeException e) {
                        // a broken connection is what some tests ask for; the client reports it
                    } finally {
                        open.remove(s);
                    }
                });
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void handle(Socket client) throws IOException {
        client.setSoTimeout(TIMEOUT_MILLIS);
        InputStream in = client.getInputStream();
        OutputStream out = client.getOutputStream();
        List<String> head = readHead(in);
        if (head.isEmpty()) {
            return;
        }
        String[] line = head.get(0).split(" ", 3);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h : head.subList(1, head.size())) {
            int c = h.indexOf(':');
            if (c > 0) {
                headers.put(h.substring(0, c).trim().toLowerCase(Locale.ROOT), h.substring(c + 1).trim());
            }
        }
        String target = line[1];
        int q = target.indexOf('?');
        Request req = new Request(line[0], q < 0 ? target : target.substring(0, q), q < 0 ? "" : target.substring(q + 1), headers);
        seen.add(req);
        long delay = latencyMillis;
        if (delay > 0) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        boolean expectsContinue = "100-continue".equalsIgnoreCase(req.header("expect"));
        Fault fault = faultFor(req);
        if (fault != null) {
            faulted.add(req);
        }
        if (fault == null) {
            forward(req, head, in, out, expectsContinue, Answer.RELAY, client);
            return;
        }
        switch (fault) {
            case SLOW_DOWN -> answerError(client, req, expectsContinue, "503 Slow Down", "SlowDown", "Please reduce your request rate.");
            case INTERNAL_ERROR -> answerError(client, req, expectsContinue, "500 Internal Server Error", "InternalError",
                    "We encountered an internal error. Please try again.");
            case CONDITIONAL_CONFLICT -> answerError(client, req, expectsContinue, "409 Conflict", "ConditionalRequestConflict",
                    "A conflicting conditional operation is currently in progress against this resource.");
            case RESET_BEFORE_FORWARD -> reset(client);
            case RESET_MID_BODY -> {
                if (expectsContinue) {
                    out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                long len = contentLength(req);
                in.readNBytes((int) Math.min(Math.max(len / 2, 1), 1 << 20));
                reset(client);
            }
            case RESET_AFTER_APPLIED -> forward(req, head, in, out, expectsContinue, Answer.RESET, client);
            case SLOW_DOWN_AFTER_APPLIED -> forward(req, head, in, out, expectsContinue, Answer.SLOW_DOWN, client);
            case RESET_MID_ANSWER -> forward(req, head, in, out, expectsContinue, Answer.RESET_MID_BODY, client);
        }
    }

    private static long contentLength(Request req) {
        String cl = req.header("content-length");
        return cl == null ? 0 : Long.parseLong(cl);
    }

    /** An S3-style error answer; the body is drained first unless the client waits for 100-continue. */
    private static void answerError(Socket client, Request req, boolean expectsContinue, String status, String code, String message)
            throws IOException {
        if (!expectsContinue) {
            drainBody(req, client.getInputStream());
        }
        String body = req.method().equals("HEAD") ? ""
                : "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + message
                + "</Message><RequestId>proxy</RequestId></Error>";
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        OutputStream out = client.getOutputStream();
        out.write(("HTTP/1.1 " + status + "\r\nContent-Type: application/xml\r\nContent-Length: " + b.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(b);
        out.flush();
        client.shutdownOutput();
        // read whatever the client still sends, so that closing does not turn into a reset that hides the answer
        try {
            client.setSoTimeout(1000);
            client.getInputStream().transferTo(OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // the client went away: fine
        }
    }

    private static void drainBody(Request req, InputStream in) throws IOException {
        if ("chunked".equalsIgnoreCase(req.header("transfer-encoding"))) {
            copyChunked(in, OutputStream.nullOutputStream());
        } else {
            copyExactly(in, OutputStream.nullOutputStream(), contentLength(req));
        }
    }

    private static void reset(Socket client) throws IOException {
        client.setSoLinger(true, 0); // close with RST, as a crashed peer or a middlebox would
        client.close();
    }

    /**
     * Sends the request upstream (answering 100-continue itself, since it reads the whole body anyway),
     * then, once the server has answered (so it has applied the request), relays or replaces the answer.
     */
    private void forward(Request req, List<String> head, InputStream in, OutputStream out, boolean expectsContinue,
                         Answer mode, Socket client) throws IOException {
        try (Socket up = new Socket()) {
            up.connect(upstream, TIMEOUT_MILLIS);
            up.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream upOut = up.getOutputStream();
            StringBuilder h = new StringBuilder(head.get(0)).append("\r\n");
            for (String line : head.subList(1, head.size())) {
                String name = line.substring(0, Math.max(0, line.indexOf(':'))).trim().toLowerCase(Locale.ROOT);
                if (!name.equals("connection") && !name.equals("expect")) {
                    h.append(line).append("\r\n");
                }
            }
            h.append("Connection: close\r\n\r\n");
            upOut.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (expectsContinue) {
                out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            if ("chunked".equalsIgnoreCase(req.header("transfer-encoding"))) {
                copyChunked(in, upOut);
            } else {
                copyExactly(in, upOut, contentLength(req));
            }
            upOut.flush();
            InputStream upIn = up.getInputStream();
            List<String> answer = readHead(upIn);
            if (mode == Answer.RESET) {
                reset(client); // the server has applied the request; its answer never arrives
                return;
            }
            if (mode == Answer.SLOW_DOWN) {
                answerError(client, new Request("PUT", "", "", Map.of()), true, "503 Slow Down", "SlowDown",
                        "Please reduce your request rate.");
                return;
            }
            StringBuilder a = new StringBuilder(answer.get(0)).append("\r\n");
            for (String line : answer.subList(1, answer.size())) {
                if (!line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
                    a.append(line).append("\r\n");
                }
            }
            a.append("Connection: close\r\n\r\n");
            out.write(a.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (mode == Answer.RESET_MID_BODY) {
                out.write(upIn.readNBytes(64 << 10));
                out.flush();
                reset(client);
                return;
            }
            upIn.transferTo(out); // the server closes after the answer (we asked it to)
            out.flush();
        }
    }

    /** The request or status line and header lines, without the blank line; empty at end of stream. */
    private static List<String> readHead(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int last4 = 0; // the last four bytes read, to spot the blank line that ends the head
        while (last4 != 0x0d0a0d0a) {
            int b = in.read();
            if (b < 0) {
                if (buf.size() == 0) {
                    return List.of();
                }
                throw new IOException("connection closed inside a message head");
            }
            buf.write(b);
            last4 = (last4 << 8) | b;
            if (buf.size() > 64 << 10) {
                throw new IOException("message head too large");
            }
        }
        String text = buf.toString(StandardCharsets.ISO_8859_1);
        List<String> lines = new ArrayList<>(List.of(text.substring(0, text.length() - 4).split("\r\n")));
        return lines;
    }

    private static void copyExactly(InputStream in, OutputStream out, long n) throws IOException {
        byte[] buf = new byte[64 << 10];
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (r < 0) {
                throw new IOException("body ended early");
            }
            out.write(buf, 0, r);
            n -= r;
        }
    }

    private static void copyChunked(InputStream in, OutputStream out) throws IOException {
        while (true) {
            String sizeLine = readLine(in);
            out.write((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            int semi = sizeLine.indexOf(';');
            long size = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
            if (size == 0) {
                String trailer;
                do {
                    trailer = readLine(in);
                    out.write((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                } while (!trailer.isEmpty());
                return;
            }
            copyExactly(in, out, size + 2); // data and its CRLF
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int prev = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed inside a chunked body");
            }
            if (prev == '\r' && b == '\n') {
                byte[] all = buf.toByteArray();
                return new String(all, 0, all.length - 1, StandardCharsets.ISO_8859_1);
            }
            buf.write(b);
            prev = b;
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
        threads.shutdownNow();
    }
}
