"""The sandbox kubelet's container shim: runs one container's command and dies with the sandbox.

    python3 -I -S shim.py <sandbox pid> <executable> [args...]

The command runs in a process group of its own (the container), with the environment and working
directory the kubelet gave the shim. The shim:
  * forwards SIGTERM to the whole container (a pod deletion's graceful stop);
  * kills the whole container on SIGUSR1 (the kubelet's hard kill) and when the command exits (the
    rest of a container's processes die with it, as in a cgroup);
  * kills the whole container when the sandbox process exits, however it exits (kill -9 included):
    it watches the sandbox's pid through a pidfd, so nothing a pod started outlives the sandbox;
  * ignores SIGINT and SIGHUP: a Ctrl-C in the sandbox's terminal reaches the sandbox, which stops its pods.
It exits with the command's exit code, or 128 + the signal that killed it (as container runtimes report).
"""
import os
import select
import signal
import sys


def main():
    if len(sys.argv) < 3:
        sys.stderr.write("usage: shim.py <sandbox pid> <executable> [args...]\n")
        return 2
    sandbox = int(sys.argv[1])
    argv = sys.argv[2:]
    try:
        sandbox_fd = os.pidfd_open(sandbox)
    except ProcessLookupError:
        return 137
    if os.getppid() != sandbox:
        return 137  # the sandbox is already gone (this shim was re-parented)

    container = []  # the child's pid once forked: a signal before that has nothing to forward to

    def kill_container(sig):
        if container:
            try:
                os.killpg(container[0], sig)
            except (ProcessLookupError, PermissionError):
                pass

    for sig in (signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda *_: kill_container(signal.SIGTERM))
    signal.signal(signal.SIGUSR1, lambda *_: kill_container(signal.SIGKILL))
    child = os.fork()
    if child == 0:
        try:
            os.setpgid(0, 0)
            for sig in (signal.SIGINT, signal.SIGHUP, signal.SIGTERM, signal.SIGUSR1, signal.SIGPIPE):
                signal.signal(sig, signal.SIG_DFL)
            os.execv(argv[0], argv)
        except OSError as e:
            os.write(2, ("exec %s: %s\n" % (argv[0], e.strerror)).encode())
        os._exit(128)
    try:
        os.setpgid(child, child)
    except OSError:
        pass  # the child did it first, or has already exec'ed
    container.append(child)
    child_fd = os.pidfd_open(child)
    while True:
        ready, _, _ = select.select([child_fd, sandbox_fd], [], [])
        if child_fd in ready:
            _, status = os.waitpid(child, 0)
            kill_container(signal.SIGKILL)
            code = os.waitstatus_to_exitcode(status)
            return code if code >= 0 else 128 - code
        if sandbox_fd in ready:
            kill_container(signal.SIGKILL)
            os.waitpid(child, 0)
            return 137


if __name__ == "__main__":
    sys.exit(main())
