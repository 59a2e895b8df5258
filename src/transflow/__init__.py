"""transflow: offline translation workflow for news articles.

Library first: every CLI command is a thin wrapper over a function in these modules.
"""

__version__ = "0.1.0"
