"""paritrana: scoring and evaluation tool for the Paritrana Award.

Installed as the package `paritrana`; the repository root is its folder
(see README, "Layout").
"""

__version__ = "0.1.0"
