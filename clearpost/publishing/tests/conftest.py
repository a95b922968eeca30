from clearpost.connectors.testing import contract, networks  # noqa: F401 - fixtures
