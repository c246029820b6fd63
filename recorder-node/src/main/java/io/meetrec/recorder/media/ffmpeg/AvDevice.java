package io.meetrec.recorder.media.ffmpeg;

/** The part of {@code libavdevice/avdevice.h} the recorder calls: x11grab and pulse. */
public interface AvDevice {

  int avdevice_version();

  void avdevice_register_all();
}
