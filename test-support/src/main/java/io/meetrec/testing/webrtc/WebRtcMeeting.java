package io.meetrec.testing.webrtc;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.meetrec.testing.ManagedProcess;
import io.meetrec.testing.Requirements;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * A real WebRTC meeting on this machine: a {@link NetworkNamespace}, {@link Janus} inside it, a
 * page server (outside, bridged in) with the recorder's meeting page, the participant page and
 * Janus's stock demos, and synthetic {@link Participant}s, each a headless Chromium in the
 * namespace publishing its own generated camera and microphone files. The driver the tests and
 * {@code bin/demo} share: participants join, leave, stall and drop, and rooms are destroyed, on
 * cue.
 *
 * <p>The recorder's Chromium must run in the same namespace: {@link #recorderLaunchPrefix()} and
 * {@link #recorderSwitches()} are what the recorder's browser configuration needs.
 */
public final class WebRtcMeeting implements AutoCloseable {

  private static final Path DEMOS = Path.of("/usr/share/janus/demos");

  private final Path dir;
  private final NetworkNamespace ns;
  private final Janus janus;
  private final HttpServer server;
  private final SocketBridge pageBridge;
  private final Map<Long, String> secrets = new ConcurrentHashMap<>();
  private final Map<Long, Set<String>> tokens = new ConcurrentHashMap<>();
  private final Map<String, String> commands = new ConcurrentHashMap<>();
  private final Map<String, String> statuses = new ConcurrentHashMap<>();
  private final List<Participant> participants = new ArrayList<>();
  private final Map<Long, Integer> joinedPerRoom = new HashMap<>();
  private volatile Consumer<String> events = line -> {};

  private WebRtcMeeting(
      Path dir, NetworkNamespace ns, Janus janus, HttpServer server, SocketBridge pageBridge) {
    this.dir = dir;
    this.ns = ns;
    this.janus = janus;
    this.server = server;
    this.pageBridge = pageBridge;
  }

  /** Checks everything the meeting needs; fails under CI=true with what to install. */
  public static void require() {
    Janus.require();
    Requirements.program("chromium", "apt-get install -y chromium");
    Requirements.file(DEMOS.resolve("videoroomtest.html"), "apt-get install -y janus-demos");
  }

  /** Starts the namespace, Janus and the page server; work files go to {@code dir}. */
  public static WebRtcMeeting start(Path dir) {
    require();
    Path abs = dir.toAbsolutePath();
    NetworkNamespace ns = NetworkNamespace.create();
    Janus janus = null;
    HttpServer server = null;
    try {
      Files.createDirectories(abs);
      janus = Janus.start(ns, abs);
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      int port = server.getAddress().getPort();
      SocketBridge bridge = SocketBridge.into(ns, port, abs);
      WebRtcMeeting meeting = new WebRtcMeeting(abs, ns, janus, server, bridge);
      server.createContext("/", meeting::handle);
      server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
      server.start();
      return meeting;
    } catch (IOException | RuntimeException e) {
      if (server != null) {
        server.stop(0);
      }
      if (janus != null) {
        janus.close();
      }
      ns.close();
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }

  /** Prints (or otherwise takes) one line per thing that happens: joins, leaves, rooms. */
  public void onEvent(Consumer<String> sink) {
    this.events = sink;
  }

  public Janus janus() {
    return janus;
  }

  public NetworkNamespace namespace() {
    return ns;
  }

  /** How the recorder starts its Chromium: inside the meeting's namespace. */
  public List<String> recorderLaunchPrefix() {
    return ns.prefix();
  }

  /** Switches the recorder's Chromium needs for this meeting (merged with its own). */
  public List<String> recorderSwitches() {
    // inside the namespace there is no mDNS responder: hidden host candidates would never resolve
    return List.of("--disable-features=WebRtcHideLocalIpsWithMdns");
  }

  /** Creates a room whose meeting page accepts {@code token}; returns its number. */
  public long createRoom(String token) {
    long room = ThreadLocalRandom.current().nextLong(10_000, 1_000_000_000);
    String secret = Long.toHexString(ThreadLocalRandom.current().nextLong());
    janus.createRoom(room, secret);
    secrets.put(room, secret);
    tokens.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet()).add(token);
    events.accept("room " + room + " created");
    return room;
  }

  /** Destroys the room: every participant and the recorder's page are told. */
  public void destroyRoom(long room) {
    janus.destroyRoom(room, secrets.remove(room));
    events.accept("room " + room + " destroyed");
  }

  /** The recorder's meeting page for {@code room} (the recorder adds {@code token=}). */
  public URI meetingUrl(long room) {
    return URI.create(base() + "/meeting/janus?room=" + room);
  }

  /** Janus's stock VideoRoom demo page, unmodified, for {@code room}. */
  public URI stockDemoUrl(long room) {
    return URI.create(base() + "/demos/videoroomtest.html?room=" + room + "&subscriber-mode=yes");
  }

  /** Where the pages are served, as seen from inside the namespace (and from this JVM). */
  public String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Starts a participant publishing its own face and tone into {@code room}. */
  public synchronized Participant join(long room, String name, double toneHz) {
    SyntheticMedia.Files2 media =
        SyntheticMedia.write(
            dir.resolve("media"), name, joinedPerRoom.merge(room, 1, Integer::sum) - 1, toneHz);
    Path profile = dir.resolve("participant-" + name);
    List<String> chromium =
        List.of(
            Requirements.program("chromium", "apt-get install -y chromium").toString(),
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--mute-audio",
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            "--use-file-for-fake-video-capture=" + media.video(),
            "--use-file-for-fake-audio-capture=" + media.audio(),
            "--disable-features=WebRtcHideLocalIpsWithMdns,Translate,MediaRouter",
            "--user-data-dir=" + profile,
            base()
                + "/participant?room="
                + room
                + "&name="
                + name
                + "&server="
                + janus.serverUrlInside());
    commands.remove(name);
    statuses.remove(name);
    Participant p =
        new Participant(
            name, toneHz, ManagedProcess.start("participant-" + name, ns.inside(chromium)));
    participants.add(p);
    events.accept(name + " joins (tone " + (int) toneHz + " Hz)");
    return p;
  }

  /** Waits until the participant's media reaches Janus (its PeerConnection is up). */
  public void awaitPublishing(Participant p, java.time.Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!statuses.getOrDefault(p.name(), "").contains("\"webrtc\":true")) {
      if (!p.process().isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException(
            p.name() + " is not publishing: " + statuses.get(p.name()) + "\n" + p.process().tail());
      }
      Janus.ManagedProcessSleep.sleep(100);
    }
  }

  /** Asks the participant to leave the room (as its user would), then closes its browser. */
  public void leave(Participant p) {
    commands.put(p.name(), "leave");
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!statuses.getOrDefault(p.name(), "").contains("\"left\":true")
        && System.nanoTime() < deadline) {
      Janus.ManagedProcessSleep.sleep(100);
    }
    Janus.ManagedProcessSleep.sleep(1000);
    p.process().close();
    events.accept(p.name() + " leaves");
  }

  /** Freezes the participant's browser (SIGSTOP): its streams stall without leaving. */
  public void stall(Participant p) {
    signal(p, "STOP");
    events.accept(p.name() + " stalls");
  }

  /** Lets a stalled participant go on (SIGCONT). */
  public void resume(Participant p) {
    signal(p, "CONT");
    events.accept(p.name() + " resumes");
  }

  /** Kills the participant's browser (SIGKILL): it drops out without saying goodbye. */
  public void drop(Participant p) {
    signal(p, "CONT");
    p.process().close();
    events.accept(p.name() + " drops");
  }

  private static void signal(Participant p, String signal) {
    List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
    command.add(Long.toString(p.process().pid()));
    p.process().descendants().forEach(d -> command.add(Long.toString(d.pid())));
    NetworkNamespace.run(command.toArray(String[]::new));
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      switch (path) {
        case "/meeting/janus" -> send(exchange, 200, "text/html", resource("meeting-janus.html"));
        case "/participant" -> send(exchange, 200, "text/html", resource("participant.html"));
        case "/meeting/janus/join" -> join(exchange, query);
        case "/participant/command" ->
            send(exchange, 200, "text/plain", bytes(commands.getOrDefault(query.get("name"), "")));
        case "/participant/status" -> {
          String name = query.get("name");
          if (name == null) {
            problem(exchange, 400, "name_missing", "name is required");
            return;
          }
          statuses.put(
              name, new String(exchange.getRequestBody().readNBytes(4096), StandardCharsets.UTF_8));
          send(exchange, 204, "text/plain", new byte[0]);
        }
        default -> {
          if (path.startsWith("/demos/")) {
            demo(exchange, path.substring("/demos/".length()));
          } else {
            problem(exchange, 404, "not_found", "no such page");
          }
        }
      }
    } catch (RuntimeException e) {
      problem(exchange, 400, "bad_request", "request not understood");
    }
  }

  /** The page's backend checks the join token, as an integrator's own backend would. */
  private void join(HttpExchange exchange, Map<String, String> query) throws IOException {
    long room;
    try {
      room = Long.parseLong(query.getOrDefault("room", ""));
    } catch (NumberFormatException e) {
      problem(exchange, 400, "room_invalid", "room must be a number");
      return;
    }
    String token = query.getOrDefault("token", "");
    if (token.isEmpty() || !tokens.getOrDefault(room, Set.of()).contains(token)) {
      problem(exchange, 403, "join_token_refused", "the join token is not valid for this room");
      return;
    }
    String body = "{\"server\":\"" + janus.serverUrlInside() + "\",\"room\":" + room + "}";
    send(exchange, 200, "application/json", bytes(body));
  }

  private void demo(HttpExchange exchange, String relative) throws IOException {
    Path file = DEMOS.resolve(relative).normalize();
    if (!file.startsWith(DEMOS) || !Files.isRegularFile(file)) {
      problem(exchange, 404, "not_found", "no such file");
      return;
    }
    String name = file.getFileName().toString();
    String type =
        name.endsWith(".html")
            ? "text/html"
            : name.endsWith(".js")
                ? "text/javascript"
                : name.endsWith(".css") ? "text/css" : "application/octet-stream";
    send(exchange, 200, type, Files.readAllBytes(file));
  }

  private static void problem(HttpExchange exchange, int status, String code, String detail)
      throws IOException {
    String body =
        "{\"type\":\"about:blank\",\"status\":"
            + status
            + ",\"code\":\""
            + code
            + "\",\"detail\":\""
            + detail
            + "\"}";
    send(exchange, status, "application/problem+json", bytes(body));
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, status == 204 ? -1 : body.length);
    if (status != 204) {
      exchange.getResponseBody().write(body);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] resource(String name) {
    try (InputStream in = WebRtcMeeting.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> map = new HashMap<>();
    if (raw == null) {
      return map;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        map.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return map;
  }

  @Override
  public synchronized void close() {
    participants.forEach(p -> p.process().close());
    server.stop(0);
    pageBridge.close();
    janus.close();
    ns.close();
  }

  /** One synthetic participant: its name, its tone and its browser. */
  public record Participant(String name, double toneHz, ManagedProcess process) {}
}
