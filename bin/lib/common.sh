# Shared by the bin/ commands: installs what the project needs on a Debian machine and picks a JDK.
# Sourced, not run.

# Debian packages the tests and the local stack use (see ../shared/design/toolchain.md):
# redis for state, the ffmpeg 5.1 libraries the recorder binds through jnr-ffi, and the browser stack.
MEETREC_APT_PACKAGES=(
  redis-server
  ffmpeg libavcodec-dev libavformat-dev libavutil-dev libswscale-dev libswresample-dev libavdevice-dev
  chromium xvfb pulseaudio pulseaudio-utils fonts-dejavu-core
  procps
  janus janus-demos libjs-janus-gateway socat iproute2
)

meetrec_log() { printf '\033[1m[meetrec]\033[0m %s\n' "$*" >&2; }

# Installs the Debian packages that are missing, as root or through sudo; otherwise says what to run.
ensure_system_packages() {
  local missing=()
  for p in "${MEETREC_APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ! ls /usr/lib/google-cloud-sdk/platform/pubsub-emulator/lib/cloud-pubsub-emulator-*-all.jar \
      >/dev/null 2>&1 && [ -z "${PUBSUB_EMULATOR_HOST:-}" ]; then
    missing+=(google-cloud-cli-pubsub-emulator)
  fi
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
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
