package io.meetrec.recorder.media.ffmpeg;

import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.byref.PointerByReference;

/**
 * The Debian ffmpeg 5.1 libraries, loaded once by pinned soname. The struct offsets in {@link
 * Layout} are only valid for these major versions, so any other version is refused at start-up
 * rather than corrupting memory later.
 */
public final class Ffmpeg {

  private static final List<Path> LIBRARY_DIRS =
      List.of(Path.of("/usr/lib/x86_64-linux-gnu"), Path.of("/usr/lib64"), Path.of("/usr/lib"));
  private static final String INSTALL =
      "apt-get install libavcodec59 libavformat59 libavdevice59 libswscale6 libswresample4";

  private static volatile Ffmpeg instance;

  public final AvUtil util;
  public final AvCodec codec;
  public final AvFormat format;
  public final AvDevice device;
  public final SwScale scale;
  public final SwResample resample;
  public final Runtime runtime;

  private Ffmpeg() {
    // dependency order: each library needs the ones before it already mapped
    util = load(AvUtil.class, "libavutil.so.57");
    resample = load(SwResample.class, "libswresample.so.4");
    scale = load(SwScale.class, "libswscale.so.6");
    codec = load(AvCodec.class, "libavcodec.so.59");
    format = load(AvFormat.class, "libavformat.so.59");
    device = load(AvDevice.class, "libavdevice.so.59");
    checkMajor("libavutil", util::avutil_version, 57);
    checkMajor("libswresample", resample::swresample_version, 4);
    checkMajor("libswscale", scale::swscale_version, 6);
    checkMajor("libavcodec", codec::avcodec_version, 59);
    checkMajor("libavformat", format::avformat_version, 59);
    checkMajor("libavdevice", device::avdevice_version, 59);
    runtime = Runtime.getRuntime(util);
    util.av_log_set_level(AvUtil.AV_LOG_ERROR);
    device.avdevice_register_all();
  }

  /** The loaded libraries; fails with CAPTURE_FAILED and the package to install if missing. */
  public static Ffmpeg get() {
    Ffmpeg loaded = instance;
    if (loaded == null) {
      synchronized (Ffmpeg.class) {
        loaded = instance;
        if (loaded == null) {
          loaded = new Ffmpeg();
          instance = loaded;
        }
      }
    }
    return loaded;
  }

  private static <T> T load(Class<T> binding, String soname) {
    String location =
        LIBRARY_DIRS.stream()
            .map(dir -> dir.resolve(soname))
            .filter(Files::exists)
            .map(Path::toString)
            .findFirst()
            .orElse(soname);
    try {
      return LibraryLoader.create(binding).failImmediately().load(location);
    } catch (LinkageError | RuntimeException e) {
      throw new RecordingException(
          ErrorCode.CAPTURE_FAILED,
          "cannot load " + soname + " (ffmpeg 5.1 libraries); install with: " + INSTALL,
          e);
    }
  }

  private static void checkMajor(String library, IntSupplier version, int expectedMajor) {
    int found = version.getAsInt() >>> 16;
    if (found != expectedMajor) {
      throw new RecordingException(
          ErrorCode.CAPTURE_FAILED,
          library + " major version " + found + " found, " + expectedMajor + " required");
    }
  }

  /** Human text for an AVERROR code. */
  public String error(int code) {
    Pointer buffer = runtime.getMemoryManager().allocateDirect(256);
    util.av_strerror(code, buffer, 256);
    return buffer.getString(0, 256, StandardCharsets.UTF_8) + " (" + code + ")";
  }

  /** Throws {@code code} with {@code what} and the library's message when {@code result < 0}. */
  public int check(int result, ErrorCode code, String what) {
    if (result < 0) {
      throw new RecordingException(code, what + " failed: " + error(result));
    }
    return result;
  }

  /**
   * An {@code AVDictionary} holding {@code options}, freed by {@code scope}. After a call that
   * consumes options, {@link #unused} tells which ones the library did not recognise.
   */
  public PointerByReference dictionary(Native scope, Map<String, String> options) {
    PointerByReference dict = new PointerByReference();
    scope.onClose(() -> util.av_dict_free(dict));
    options.forEach(
        (key, value) ->
            check(util.av_dict_set(dict, key, value, 0), ErrorCode.CAPTURE_FAILED, "av_dict_set"));
    return dict;
  }

  /** Keys left in a dictionary after the library took the ones it knows. */
  public List<String> unused(PointerByReference dict) {
    List<String> keys = new ArrayList<>();
    Pointer entry = null;
    while ((entry = util.av_dict_get(dict.getValue(), "", entry, AvUtil.AV_DICT_IGNORE_SUFFIX))
        != null) {
      keys.add(entry.getPointer(0).getString(0));
    }
    return keys;
  }

  public Pointer wrap(long address) {
    return address == 0 ? null : Pointer.wrap(runtime, address);
  }

  public Pointer allocate(int bytes) {
    return runtime.getMemoryManager().allocateDirect(bytes, true);
  }
}
