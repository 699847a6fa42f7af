"""`convviz` and `python -m convviz`: Ctrl+C is handled before anything heavy is imported, so even a
Ctrl+C while numpy and Qt load exits 130 with one line instead of a traceback (see convviz.interrupt)."""

import signal
import sys

from convviz import interrupt


def main() -> int:
    interrupt.install()
    from convviz.cli import main as run

    try:
        return run()
    finally:  # the work is done or abandoned: a late Ctrl+C must not kill the exit (and lose its output)
        signal.signal(signal.SIGINT, signal.SIG_IGN)


if __name__ == "__main__":
    sys.exit(main())
