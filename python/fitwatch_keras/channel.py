"""The two channels between the script and Fitwatch.

- Out: JSON lines on a pipe Fitwatch passed as a file descriptor (FITWATCH_CHANNEL_FD).
- In: `control.jsonl` in the run folder; Fitwatch appends commands, the callback polls it
  between batches (a stat call, so polling costs next to nothing).
"""
import json
import math
import os
import signal
import threading


def _clean(value):
    """JSON has no NaN/Infinity: send them as strings the Node side turns back into numbers."""
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


class Channel:
    """Writes one JSON object per line to Fitwatch; if Fitwatch is gone, the script is stopped."""

    def __init__(self, fd):
        self._fd = fd
        self._lock = threading.Lock()
        self._broken = False
        # The script's own subprocesses must not hold the pipe open.
        os.set_inheritable(fd, False)

    def send(self, message):
        if self._broken:
            return
        data = (json.dumps(_clean(message), separators=(",", ":")) + "\n").encode("utf-8")
        with self._lock:
            try:
                view = memoryview(data)
                while view:
                    written = os.write(self._fd, view)
                    view = view[written:]
            except OSError:
                # Fitwatch (the owner of this run) went away: the run dies with it.
                self._broken = True
                os.kill(os.getpid(), signal.SIGTERM)


class ControlFile:
    """Reads commands appended to `path` since the last read; a missing file means no commands yet."""

    def __init__(self, path):
        self.path = path
        self._offset = 0
        self._partial = b""

    def poll(self):
        try:
            size = os.stat(self.path).st_size
        except OSError:
            return []
        if size <= self._offset:
            return []
        with open(self.path, "rb") as handle:
            handle.seek(self._offset)
            data = handle.read(size - self._offset)
        self._offset += len(data)
        lines = (self._partial + data).split(b"\n")
        self._partial = lines.pop()
        commands = []
        for line in lines:
            line = line.strip()
            if not line:
                continue
            try:
                command = json.loads(line.decode("utf-8"))
            except ValueError:
                continue
            if isinstance(command, dict):
                commands.append(command)
        return commands
