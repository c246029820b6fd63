# Shared by the bin/ commands: installs what the project needs on a Debian machine and picks a JDK.
# Sourced, not run.

# Debian packages the tests and the local stack use (see ../shared/design/toolchain.md):
# redis for state, the ffmpeg 5.1 libraries the recorder binds through jnr-ffi, and the browser stack.
MEETREC_APT_PACKAGES=(
  redis-server
  ffmpeg libavcodec-dev libavformat-dev libavutil-dev libswscale-dev libswresample-dev libavdevice-dev
  chromium xvfb pulseaudio pulseaudio-utils fonts-dejavu-core
  procps
  # ./mvnw downloads the pinned Maven (.mvn/wrapper) with curl and unpacks the checked zip with unzip
  curl unzip
  janus janus-demos libjs-janus-gateway socat iproute2
)

meetrec_log() { printf '\033[1m[meetrec]\033[0m %s\n' "$*" >&2; }

# Installs the Debian packages that are missing, as root or through sudo; otherwise says what to run.
ensure_system_packages() {
  local missing=()
  for p in "${MEETREC_APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    ensure_pubsub_emulator
    return
  fi
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      meetrec_log "missing packages: ${missing[*]}"
      meetrec_log "install them with: apt-get update && apt-get install -y ${missing[*]}"
      return 1
    fi
  fi
  meetrec_log "installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  ensure_pubsub_emulator
}

# The Pub/Sub emulator is the one component Debian does not package. The tests and the local stack
# find its jar where test-support's PubSubEmulatorJar looks (keep the two lists alike): the Google
# Cloud SDK's platform/pubsub-emulator (Google's apt package google-cloud-cli-pubsub-emulator, or the
# SDK tarball in ~/google-cloud-sdk), or ~/.cache/meetrec/pubsub-emulator. Without it this installs
# the apt package where Google's apt repository is configured, else the emulator's own zip (the same
# build the SDK ships, as the Firebase CLI downloads it), checked against its SHA-256.
MEETREC_PUBSUB_EMULATOR_VERSION=0.8.30
MEETREC_PUBSUB_EMULATOR_URL="${MEETREC_PUBSUB_EMULATOR_URL:-https://storage.googleapis.com/firebase-preview-drop/emulator/pubsub-emulator-${MEETREC_PUBSUB_EMULATOR_VERSION}.zip}"
MEETREC_PUBSUB_EMULATOR_SHA256="${MEETREC_PUBSUB_EMULATOR_SHA256:-aabf028a55ec3f06fe2223471dad26623be542848abebd7563f8f0b8697dd2a3}"
MEETREC_PUBSUB_EMULATOR_DIR="${HOME}/.cache/meetrec/pubsub-emulator"

pubsub_emulator_jar() {
  if [ -n "${MEETREC_PUBSUB_EMULATOR_JAR:-}" ] && [ -f "$MEETREC_PUBSUB_EMULATOR_JAR" ]; then
    echo "$MEETREC_PUBSUB_EMULATOR_JAR"
    return 0
  fi
  local dir jar
  for dir in ${CLOUDSDK_ROOT:+"$CLOUDSDK_ROOT/platform/pubsub-emulator"} \
      /usr/lib/google-cloud-sdk/platform/pubsub-emulator /usr/share/google-cloud-sdk/platform/pubsub-emulator \
      /opt/google-cloud-sdk/platform/pubsub-emulator "$HOME/google-cloud-sdk/platform/pubsub-emulator" \
      "$MEETREC_PUBSUB_EMULATOR_DIR"; do
    for jar in "$dir"/lib/cloud-pubsub-emulator-*-all.jar; do
      [ -f "$jar" ] && { echo "$jar"; return 0; }
    done
  done
  return 1
}

ensure_pubsub_emulator() {
  if [ -n "${PUBSUB_EMULATOR_HOST:-}" ] || pubsub_emulator_jar >/dev/null; then
    return 0
  fi
  local sudo=""
  [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo="sudo"
  if { [ "$(id -u)" -eq 0 ] || [ -n "$sudo" ]; } \
      && apt-cache policy google-cloud-cli-pubsub-emulator 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    meetrec_log "installing google-cloud-cli-pubsub-emulator (Google's apt repository)"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
      google-cloud-cli-pubsub-emulator >/dev/null && pubsub_emulator_jar >/dev/null && return 0
  fi
  meetrec_log "downloading the Pub/Sub emulator $MEETREC_PUBSUB_EMULATOR_VERSION into $MEETREC_PUBSUB_EMULATOR_DIR"
  if install_pubsub_emulator_zip "$MEETREC_PUBSUB_EMULATOR_URL" "$MEETREC_PUBSUB_EMULATOR_SHA256"; then
    meetrec_log "Pub/Sub emulator: $(pubsub_emulator_jar)"
    return 0
  fi
  meetrec_log "the Pub/Sub emulator is missing and could not be downloaded. Any one of these provides it:"
  meetrec_log "  1. the emulator zip: curl -fLo /tmp/pubsub-emulator.zip $MEETREC_PUBSUB_EMULATOR_URL"
  meetrec_log "     (SHA-256 $MEETREC_PUBSUB_EMULATOR_SHA256), then: mkdir -p ~/.cache/meetrec &&"
  meetrec_log "     unzip -q /tmp/pubsub-emulator.zip -d ~/.cache/meetrec  (gives ~/.cache/meetrec/pubsub-emulator/lib/*.jar)"
  meetrec_log "  2. the Google Cloud SDK tarball (google-cloud-cli-linux-x86_64.tar.gz from cloud.google.com/sdk) unpacked"
  meetrec_log "     in ~, then: ~/google-cloud-sdk/bin/gcloud components install pubsub-emulator --quiet"
  meetrec_log "  3. Google's apt repository (packages.cloud.google.com/apt cloud-sdk main), then:"
  meetrec_log "     apt-get install google-cloud-cli-pubsub-emulator"
  meetrec_log "  or point the tests at a running emulator with PUBSUB_EMULATOR_HOST=host:port"
  return 1
}

# Downloads the emulator's zip from $1, checks its SHA-256 against $2 and unpacks its
# pubsub-emulator/ folder as $MEETREC_PUBSUB_EMULATOR_DIR.
install_pubsub_emulator_zip() {
  local url="$1" sha256="$2" tmp
  tmp="$(mktemp -d)"
  if ! curl -fsSL --retry 2 --connect-timeout 20 -o "$tmp/emulator.zip" "$url"; then
    meetrec_log "could not download $url"
    rm -rf "$tmp"
    return 1
  fi
  if ! echo "$sha256  $tmp/emulator.zip" | sha256sum -c --status -; then
    meetrec_log "$url does not have the expected SHA-256 $sha256: not installed"
    rm -rf "$tmp"
    return 1
  fi
  unzip -q "$tmp/emulator.zip" -d "$tmp/unpacked"
  if ! ls "$tmp"/unpacked/pubsub-emulator/lib/cloud-pubsub-emulator-*-all.jar >/dev/null 2>&1; then
    meetrec_log "$url has no pubsub-emulator/lib/cloud-pubsub-emulator-*-all.jar: not installed"
    rm -rf "$tmp"
    return 1
  fi
  mkdir -p "$(dirname "$MEETREC_PUBSUB_EMULATOR_DIR")"
  rm -rf "$MEETREC_PUBSUB_EMULATOR_DIR"
  mv "$tmp/unpacked/pubsub-emulator" "$MEETREC_PUBSUB_EMULATOR_DIR"
  rm -rf "$tmp"
}

# Exports JAVA_HOME for a JDK >= 21 (the code targets Java 21; the machine's default java may be 17).
select_jdk() {
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  candidates+=(/usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*)
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/javac" ] || continue
    local v
    v=$("$home/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/{print $2}')
    if [ "${v%%.*}" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$home"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  meetrec_log "no JDK >= 21 found; install one (e.g. apt-get install temurin-21-jdk or openjdk-21-jdk)"
  return 1
}
