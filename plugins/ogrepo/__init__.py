"""ogrepo: an OGP action plan repository that publishes itself.

The package is a framework-free core (model, loading, validation, git history, freshness, feeds,
exports) plus thin adapters: the `ogrepo` command line and the MkDocs plugin.
"""

__version__ = "0.1.0"
