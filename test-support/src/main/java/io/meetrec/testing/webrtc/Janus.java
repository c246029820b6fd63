package io.meetrec.testing.webrtc;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.meetrec.testing.ManagedProcess;
import io.meetrec.testing.Requirements;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Janus WebRTC Server (its VideoRoom plugin is an SFU) for tests and the local stack, started with
 * its own config folder inside a {@link NetworkNamespace}: the HTTP API listens on the namespace's
 * 127.0.0.1:8088 only (and is bridged out to a free port of the machine's 127.0.0.1 for this JVM),
 * ICE uses the namespace's own interface only, and only the VideoRoom plugin and the HTTP transport
 * are loaded.
 */
public final class Janus implements AutoCloseable {

  /** Janus's HTTP port inside the namespace; the stock demo pages assume it. */
  public static final int API_PORT = 8088;

  private static final Gson GSON = new Gson();
  private static final String LIBS = "/usr/lib/x86_64-linux-gnu/janus";

  private final NetworkNamespace ns;
  private final ManagedProcess process;
  private final SocketBridge api;
  private final int apiPort;
  private final Path dir;
  private final HttpClient http = HttpClient.newHttpClient();

  private Janus(
      NetworkNamespace ns, ManagedProcess process, SocketBridge api, int apiPort, Path dir) {
    this.ns = ns;
    this.process = process;
    this.api = api;
    this.apiPort = apiPort;
    this.dir = dir;
  }

  /** Checks the machine has Janus, socat and network namespaces; fails under CI=true otherwise. */
  public static void require() {
    Requirements.program(
        "janus", "apt-get install -y janus janus-demos libjs-janus-gateway socat iproute2");
    Requirements.file(Path.of(LIBS, "plugins/libjanus_videoroom.so"), "apt-get install -y janus");
    Requirements.file(
        Path.of("/usr/share/javascript/janus-gateway/janus.js"),
        "apt-get install -y libjs-janus-gateway");
    Requirements.program("socat", "apt-get install -y socat");
  }

  /** Starts Janus inside {@code ns}; its config and log go to {@code dir}. */
  public static Janus start(NetworkNamespace ns, Path dir) {
    require();
    Path config = dir.resolve("janus-config");
    try {
      Files.createDirectories(config);
      Files.writeString(config.resolve("janus.jcfg"), mainConfig(config));
      Files.writeString(
          config.resolve("janus.transport.http.jcfg"),
          """
          general: { json = "plain" base_path = "/janus" http = true port = %d ip = "127.0.0.1" https = false }
          admin: { admin_http = false }
          cors: { }
          """
              .formatted(API_PORT));
      Files.writeString(config.resolve("janus.plugin.videoroom.jcfg"), "general: { }\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ManagedProcess process =
        ManagedProcess.start(
            "janus",
            ns.inside(
                List.of(
                    Requirements.program("janus", "apt-get install -y janus").toString(),
                    "-F",
                    config.toString(),
                    "-C",
                    config.resolve("janus.jcfg").toString(),
                    "-o")));
    int outside = ManagedProcess.freePort();
    SocketBridge api = null;
    try {
      api = SocketBridge.outOf(ns, API_PORT, outside, dir);
      Janus janus = new Janus(ns, process, api, outside, dir);
      janus.awaitInfo(Duration.ofSeconds(20));
      return janus;
    } catch (RuntimeException e) {
      if (api != null) {
        api.close();
      }
      process.close();
      throw e;
    }
  }

  private static String mainConfig(Path config) {
    String plugins =
        String.join(
            ",",
            "libjanus_audiobridge.so",
            "libjanus_duktape.so",
            "libjanus_echotest.so",
            "libjanus_lua.so",
            "libjanus_nosip.so",
            "libjanus_recordplay.so",
            "libjanus_sip.so",
            "libjanus_streaming.so",
            "libjanus_textroom.so",
            "libjanus_videocall.so",
            "libjanus_voicemail.so");
    return """
        general: {
          configs_folder = "%s"
          plugins_folder = "%s/plugins"
          transports_folder = "%s/transports"
          events_folder = "%s/events"
          loggers_folder = "%s/loggers"
          debug_level = 4
          admin_secret = "%s"
        }
        media: { rtp_port_range = "20000-20999" }
        nat: { ice_enforce_list = "%s" ignore_mdns = true }
        plugins: { disable = "%s" }
        transports: { disable = "libjanus_mqtt.so,libjanus_nanomsg.so,libjanus_pfunix.so,libjanus_rabbitmq.so,libjanus_websockets.so" }
        loggers: { disable = "libjanus_jsonlog.so" }
        events: { broadcast = false }
        """
        .formatted(
            config,
            LIBS,
            LIBS,
            LIBS,
            LIBS,
            UUID.randomUUID(),
            NetworkNamespace.MEDIA_INTERFACE,
            plugins);
  }

  public NetworkNamespace namespace() {
    return ns;
  }

  /** Janus's API as the pages inside the namespace reach it. */
  public String serverUrlInside() {
    return "http://127.0.0.1:" + API_PORT + "/janus";
  }

  public Path log() {
    return process.log();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  private void awaitInfo(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        JsonObject info = post("/janus", Map.of("janus", "info"));
        if ("server_info".equals(info.get("janus").getAsString())) {
          return;
        }
      } catch (RuntimeException notYet) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException("Janus did not start: " + process.tail(), notYet);
        }
      }
      ManagedProcessSleep.sleep(100);
    }
  }

  /**
   * Creates a VideoRoom room for up to 6 publishers (VP8 and Opus), destroyed with {@code secret}.
   */
  public void createRoom(long room, String secret) {
    JsonObject data =
        videoroom(
            Map.of(
                "request",
                "create",
                "room",
                room,
                "secret",
                secret,
                "description",
                "meetrec test room " + room,
                "publishers",
                6,
                "bitrate",
                512000,
                "videocodec",
                "vp8",
                "audiocodec",
                "opus",
                "notify_joining",
                true));
    if (!"created".equals(text(data, "videoroom"))) {
      throw new IllegalStateException("room " + room + " not created: " + data);
    }
  }

  /** Destroys the room; everyone in it is told (VideoRoom event {@code destroyed}). */
  public void destroyRoom(long room, String secret) {
    JsonObject data = videoroom(Map.of("request", "destroy", "room", room, "secret", secret));
    if (!"destroyed".equals(text(data, "videoroom"))) {
      throw new IllegalStateException("room " + room + " not destroyed: " + data);
    }
  }

  /** Display names of the room's participants. */
  public List<String> participants(long room) {
    JsonObject data = videoroom(Map.of("request", "listparticipants", "room", room));
    List<String> names = new ArrayList<>();
    JsonElement list = data.get("participants");
    if (list instanceof JsonArray array) {
      for (JsonElement p : array) {
        JsonElement display = p.getAsJsonObject().get("display");
        names.add(display == null ? "?" : display.getAsString());
      }
    }
    return names;
  }

  /** One synchronous VideoRoom request on a short-lived session. */
  private JsonObject videoroom(Map<String, Object> body) {
    long session = id(post("/janus", Map.of("janus", "create")));
    try {
      long handle =
          id(
              post(
                  "/janus/" + session,
                  Map.of("janus", "attach", "plugin", "janus.plugin.videoroom")));
      JsonObject answer =
          post("/janus/" + session + "/" + handle, Map.of("janus", "message", "body", body));
      JsonObject plugindata = answer.getAsJsonObject("plugindata");
      if (plugindata == null) {
        throw new IllegalStateException("VideoRoom answered " + answer);
      }
      return plugindata.getAsJsonObject("data");
    } finally {
      post("/janus/" + session, Map.of("janus", "destroy"));
    }
  }

  private static long id(JsonObject answer) {
    JsonObject data = answer.getAsJsonObject("data");
    if (data == null) {
      throw new IllegalStateException("Janus answered " + answer);
    }
    return data.get("id").getAsLong();
  }

  private static String text(JsonObject o, String field) {
    JsonElement e = o.get(field);
    return e == null || e.isJsonNull() ? null : e.getAsString();
  }

  private JsonObject post(String path, Map<String, Object> message) {
    Map<String, Object> full = new java.util.HashMap<>(message);
    full.put("transaction", UUID.randomUUID().toString());
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
                  .timeout(Duration.ofSeconds(10))
                  .POST(HttpRequest.BodyPublishers.ofString(GSON.toJson(full)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return GSON.fromJson(response.body(), JsonObject.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    api.close();
    process.close();
  }

  /** Sleeps without a checked exception. */
  static final class ManagedProcessSleep {
    private ManagedProcessSleep() {}

    static void sleep(long ms) {
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
