"""Shared by the streamforge-server tests: the real binary started on 127.0.0.1 with an ephemeral
port (it prints "listening on http://127.0.0.1:<port>" first), one HTTP request, and shutdown."""
import http.client
import subprocess


class RunningServer:
    def __init__(self, binary, args):
        self.proc = subprocess.Popen([binary, *args, "--port", "0"], stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if "listening on http://127.0.0.1:" not in line:
            self.stop()
            raise AssertionError(f"streamforge-server did not start: {line!r}")
        self.port = int(line.split("http://127.0.0.1:")[1].split()[0])

    def request(self, method, path, body=None, headers=None):
        """(response, body bytes) of one request on a fresh connection."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            r = conn.getresponse()
            return r, r.read()
        finally:
            conn.close()

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)
        self.proc.stdout.close()
