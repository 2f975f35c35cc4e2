"""Kembar: the open platform for international city-to-city cooperation."""

import os

# LightGBM and scikit-learn run on OpenMP, whose idle threads spin by default. Beside
# web workers, another build or a test run, the spinning threads fight for the cores:
# training the small atlas's ranker took 65-108 s of CPU instead of 2 on a machine with
# a load of 3. Passive threads sleep when idle. Read once, when OpenMP loads: so here,
# before anything imports those libraries; a value set by the user is kept.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

__version__ = "0.1.0"
