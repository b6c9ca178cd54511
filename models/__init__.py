"""Trained model files (JSON) and their model cards.

This folder installs as the package ``scorer.models`` (see ``package_dir`` in setup.cfg) so that
``pip install .`` ships the models inside the package; in the repository it stays at the top level.
"""
