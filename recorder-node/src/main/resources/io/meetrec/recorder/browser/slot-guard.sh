#!/bin/sh
# Runs one slot program so that it cannot outlive the recorder (see docs/architecture.md, "Slot
# programs"): the program leads its own process group, and the whole group is ended when the
# recorder's end of our stdin closes (the recorder closed it, exited, or was SIGKILLed: the kernel
# closes the pipe in every case) or when we are told to stop. A parent-death signal would be tied
# to the JVM thread that forked us, which may end long before the recorder does.
exec 3<&0
setsid "$@" </dev/null 3<&- &
child=$!
stop() { kill -TERM "-$child" 2>/dev/null || kill -TERM "$child" 2>/dev/null; }
trap stop TERM INT HUP
(
  read -r _ <&3
  kill -TERM "-$child" 2>/dev/null
  sleep 5
  kill -KILL "-$child" 2>/dev/null
) &
watcher=$!
exec 3<&-
status=0
while kill -0 "$child" 2>/dev/null; do
  wait "$child"
  status=$?
done
# helpers the program left behind in its group (renderers, forked socat children)
kill -KILL "-$child" 2>/dev/null
kill "$watcher" 2>/dev/null
exit "$status"
