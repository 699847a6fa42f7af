import sys

from convviz.cli import main

sys.exit(main())
